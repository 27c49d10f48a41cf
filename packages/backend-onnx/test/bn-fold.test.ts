import { readFileSync } from 'node:fs';
import { npyToTensor, type Tensor } from '@xai/core';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { buildVjpGraph, type DerivativeGraphSpec } from '../src/autodiff/build.js';
import { foldByDefault, foldedSpec } from '../src/autodiff/folded-spec.js';
import { findGradientPath } from '../src/autodiff/path.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { foldBatchNorm } from '../src/graph/fold-batch-norm.js';
import { DOUBLE, encodeModel, FLOAT, readGraph } from '../src/graph/graph.js';
import { floatTensorValues } from '../src/graph/tensor-values.js';
import { loadOnnxModel } from '../src/index.js';
import { type ModelProto, onnx, type TensorProto } from '../src/onnx-proto.js';
import { randn } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';

// The BatchNormalization fold (graph/fold-batch-norm.ts, applied when the derivative graphs
// are built): same logits and gradients as the unfolded graph (XAI_GRAPH=legacy-bn-fold),
// folded weights equal to the closed form, and nothing folded where the layer's own output
// is needed. bn_cnn.onnx (scripts/make_bn_models.py, test/bn-fold/README.md) keeps its
// BatchNormalizations after a Conv with a bias, a grouped Conv without one, a grouped
// ConvTranspose, a Conv read twice, one Conv weight shared by two layers and a Gemm.
const dir = new URL('./bn-fold/', import.meta.url);
const bytes = new Uint8Array(readFileSync(new URL('bn_cnn.onnx', dir)));
const npy = (suffix: string) =>
  npyToTensor(new Uint8Array(readFileSync(new URL(`bn_cnn.${suffix}.npy`, dir))));
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Array<{
  float32Error: number;
}>;

/** max |a - b| / max |b|. */
function relDiff(a: Tensor, b: Tensor): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
    m = Math.max(m, Math.abs(b.data[i]!));
  }
  expect(m).toBeGreaterThan(0);
  return d / m;
}

const values = (m: ModelProto, name: string) => {
  const t = m.graph!.initializer!.find((i) => i.name === name);
  expect(t, name).toBeDefined();
  return floatTensorValues(t!)!;
};
const ops = (m: ModelProto, op: string) => m.graph!.node!.filter((n) => n.opType === op);

/** The derivative graphs' spec of a model with input `input` and output `logits`. */
function specOf(
  m: ModelProto,
  input: string,
  floatType: number,
  sample: number[],
  classes: number,
): DerivativeGraphSpec {
  const graph = readGraph(m);
  const { path } = findGradientPath(graph, input, 'logits');
  return {
    graph,
    path,
    input,
    output: 'logits',
    floatType,
    inputShape: ['batch', ...sample],
    outputShape: ['batch', classes],
  };
}

/** The folded node writing `output` and its weight and bias values. */
function foldedLayer(m: ModelProto, output: string) {
  const node = m.graph!.node!.find((n) => n.output?.[0] === output)!;
  expect(node, output).toBeDefined();
  return { node, w: values(m, node.input![1]!), b: values(m, node.input![2]!) };
}

/**
 * The per-channel scale `gamma / sqrt(var + eps)` of the BatchNormalization `bn` and the
 * folded bias of a layer with bias `b` (zeros: none), each step in float32 as ONNX Runtime's
 * Conv + BatchNormalization fusion takes them: `(b - mean) s + beta`, or `beta - mean s`.
 */
function affine(m: ModelProto, bn: string, epsilon: number, b?: Float64Array) {
  const f = Math.fround;
  const [g, beta, mean, v] = ['weight', 'bias', 'running_mean', 'running_var'].map((p) =>
    values(m, `${bn}.${p}`),
  );
  const s = g!.map((gi, o) => f(gi / f(Math.sqrt(f(v![o]! + f(epsilon))))));
  const bias = s.map((so, o) =>
    b ? f(f(f(b[o]! - mean![o]!) * so) + beta![o]!) : f(beta![o]! - f(mean![o]! * so)),
  );
  return { s, bias };
}

describe('the BatchNormalization fold on a BN-keeping torch export', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  const original = decodeOnnxModel(bytes, 'bn_cnn');
  const folded = foldBatchNorm(original)!;

  it('folds every BatchNormalization after a layer but the one whose input is read twice', () => {
    expect(ops(original, 'BatchNormalization')).toHaveLength(7);
    const left = ops(folded, 'BatchNormalization');
    expect(left.map((n) => n.input![0])).toEqual(['/conv4/Conv_output_0']);
    expect(ops(folded, 'Conv')).toHaveLength(5);
    expect(ops(folded, 'ConvTranspose')).toHaveLength(1);
    // Later nodes and layer names still read the BatchNormalizations' outputs.
    for (const out of ['/bn1/BatchNormalization_output_0', '/bn7/BatchNormalization_output_0']) {
      expect(folded.graph!.node!.some((n) => n.output?.[0] === out)).toBe(true);
    }
    expect(folded.graph!.node!.some((n) => n.output?.[0] === '/conv1/Conv_output_0')).toBe(false);
  });

  it('gives a shared weight a folded copy per layer and leaves it in place', () => {
    const a = foldedLayer(folded, '/bn5/BatchNormalization_output_0');
    const c = foldedLayer(folded, '/bn6/BatchNormalization_output_0');
    expect(a.node.input![1]).not.toBe(c.node.input![1]);
    expect(a.node.input![1]).not.toBe('shared.weight');
    // The original initializer is gone only from the folded copy; the model given is unchanged.
    expect(values(original, 'shared.weight').length).toBe(144);
    expect(ops(original, 'BatchNormalization')).toHaveLength(7);
    const w = values(original, 'shared.weight');
    for (const [layer, bn, eps] of [
      [a, 'bn5', 1e-5],
      [c, 'bn6', 0.1],
    ] as const) {
      const { s } = affine(original, bn, eps);
      for (let i = 0; i < w.length; i++) {
        expect(layer.w[i]).toBe(Math.fround(w[i]! * s[Math.floor(i / 36)]!));
      }
    }
  });

  it('stores W gamma/sqrt(var+eps) per output channel and (b - mean) s + beta in float32', () => {
    // Conv [M, C/g, k, k] with a bias (eps 1e-5) and a grouped one without (eps 0.1).
    const cases = [
      ['/bn1/BatchNormalization_output_0', 'bn1', 1e-5, 'conv1.weight', 'conv1.bias', 27],
      ['/bn2/BatchNormalization_output_0', 'bn2', 0.1, 'conv2.weight', undefined, 27],
    ] as const;
    for (const [out, bn, eps, wName, bName, inner] of cases) {
      const { w, b } = foldedLayer(folded, out);
      const { s, bias } = affine(original, bn, eps, bName && values(original, bName));
      const w0 = values(original, wName);
      for (let i = 0; i < w0.length; i++) {
        expect(w[i]).toBe(Math.fround(w0[i]! * s[Math.floor(i / inner)]!));
      }
      expect(Array.from(b)).toEqual(Array.from(bias));
    }
    // ConvTranspose [C_in, M/g, k, k], 2 groups: input channel ci of group ci/3 writes
    // output channels 2 (ci/3) + j.
    const up = foldedLayer(folded, '/bn3/BatchNormalization_output_0');
    const { s } = affine(original, 'bn3', 1e-5);
    const w0 = values(original, 'up.weight');
    for (let ci = 0; ci < 6; ci++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 4; k++) {
          const i = (ci * 2 + j) * 4 + k;
          expect(up.w[i]).toBe(Math.fround(w0[i]! * s[Math.floor(ci / 3) * 2 + j]!));
        }
    // Gemm (transB, weight [M, K]): rows scaled; C becomes the new bias, beta 1.
    const fc = foldedLayer(folded, '/bn7/BatchNormalization_output_0');
    const f = affine(original, 'bn7', 1e-5, values(original, 'fc1.bias'));
    const fw = values(original, 'fc1.weight');
    for (let i = 0; i < fw.length; i++) {
      expect(fc.w[i]).toBe(Math.fround(fw[i]! * f.s[Math.floor(i / 4)]!));
    }
    expect(Array.from(fc.b)).toEqual(Array.from(f.bias));
  });

  it('keeps the layer whose own output is asked for or is a graph output', () => {
    const kept = foldBatchNorm(original, new Set(['/conv1/Conv_output_0']))!;
    expect(ops(kept, 'BatchNormalization').map((n) => n.input![0])).toEqual([
      '/conv1/Conv_output_0',
      '/conv4/Conv_output_0',
    ]);
    const g = original.graph!;
    const withOutput = onnx.ModelProto.create({
      ...original,
      graph: onnx.GraphProto.create({
        ...g,
        output: [...g.output!, onnx.ValueInfoProto.create({ name: '/fc1/Gemm_output_0' })],
      }),
    });
    const left = ops(foldBatchNorm(withOutput)!, 'BatchNormalization').map((n) => n.input![0]);
    expect(left).toEqual(['/conv4/Conv_output_0', '/fc1/Gemm_output_0']);
  });

  it('is on under XAI_GRAPH=bn-fold, off under legacy-bn-fold and legacy, read at each build', () => {
    const spec = specOf(original, 'input', FLOAT, [3, 8, 8], 10);
    expect(foldedSpec(spec) === spec).toBe(!foldByDefault);
    process.env.XAI_GRAPH = 'bn-fold';
    const on = foldedSpec(spec);
    expect(on.path.nodes.filter((n) => n.opType === 'BatchNormalization')).toHaveLength(1);
    expect(on.path.nodes.length).toBe(spec.path.nodes.length - 6);
    for (const flag of ['legacy-bn-fold', 'legacy', 'bn-fold,legacy-bn-fold']) {
      process.env.XAI_GRAPH = flag;
      expect(foldedSpec(spec)).toBe(spec);
    }
  });

  it('gives the logits, input gradients, JVP and layer gradients of the unfolded graph', async () => {
    const x = randn([3, 3, 8, 8], 5, 0);
    const u = randn([3, 10], 5, 1);
    const t = randn([3, 3, 8, 8], 5, 2);
    const on = await loadOnnxModel(bytes);
    const off = await loadOnnxModel(bytes);
    try {
      process.env.XAI_GRAPH = 'bn-fold';
      const a = await on.vjp(x, u);
      const ja = await on.jvp(x, t);
      // A layer after a fold, and the pre-BN tensor of a layer (kept unfolded for it).
      const layers = ['/bn2/BatchNormalization_output_0', '/conv1/Conv_output_0'];
      const la = await Promise.all(layers.map((l) => on.layerVjp(x, u, l)));
      process.env.XAI_GRAPH = 'legacy-bn-fold';
      const b = await off.vjp(x, u);
      const jb = await off.jvp(x, t);
      const lb = await Promise.all(layers.map((l) => off.layerVjp(x, u, l)));
      const diffs = {
        logits: relDiff(a.logits, b.logits),
        grad: relDiff(a.grad, b.grad),
        jvp: relDiff(ja.jvp, jb.jvp),
        layerGrad: Math.max(...la.map((l, i) => relDiff(l.grad, lb[i]!.grad))),
        activation: Math.max(...la.map((l, i) => relDiff(l.activation, lb[i]!.activation))),
      };
      if (process.env.XAI_REPORT) console.log('bn_cnn fold on vs off', diffs);
      for (const d of Object.values(diffs)) expect(d).toBeLessThanOrEqual(1e-6);
      // Against torch's float64 gradient (the zoo's yardstick: 3x torch's float32 error).
      const { grad } = await on.vjp(npy('x'), npy('u'));
      const torch = relDiff(grad, npy('grad'));
      expect(torch).toBeLessThan(Math.max(1e-4, 3 * manifest[0]!.float32Error));
    } finally {
      await on.dispose();
      await off.dispose();
    }
  }, 60_000);

  it('folds a float16 model after widening it, with the unfolded graph gradients', async () => {
    const half = encodeModel(toFloat16(original));
    const x = randn([2, 3, 8, 8], 6, 0);
    const u = randn([2, 10], 6, 1);
    const on = await loadOnnxModel(half);
    const off = await loadOnnxModel(half);
    try {
      process.env.XAI_GRAPH = 'bn-fold';
      const a = await on.vjp(x, u);
      process.env.XAI_GRAPH = 'legacy-bn-fold';
      const b = await off.vjp(x, u);
      expect(relDiff(a.grad, b.grad)).toBeLessThanOrEqual(1e-6);
      expect(relDiff(a.logits, b.logits)).toBeLessThanOrEqual(1e-6);
    } finally {
      await on.dispose();
      await off.dispose();
    }
  }, 60_000);
});

describe('the BatchNormalization fold in float64', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  // Gemm + BatchNormalization: ONNX Runtime runs both in double on the CPU (Conv it does not).
  const eps = 0.25;
  const [gamma, beta, mean, variance] = [
    [0.5, -1.5, 2, 0.75],
    [0.1, 0.2, -0.3, 0.4],
    [1, -2, 0.5, 0],
    [0.01, 4, 0.3, 1e-3],
  ];
  const model = tinyModel(
    [3],
    (b, x, w) => {
      const y = b.op('Gemm', [x, w([4, 3]), w([4])], [attr.int('transB', 1)]);
      const params = [gamma, beta, mean, variance].map((p) => b.float(p!));
      return b.op('BatchNormalization', [y, ...params], [attr.float('epsilon', eps)]);
    },
    { floatType: DOUBLE },
  );

  it('keeps float64 weights and matches the closed form to float64 rounding', () => {
    const m = decodeOnnxModel(model, 'double');
    const f = foldBatchNorm(m)!;
    const gemm = f.graph!.node!.find((n) => n.opType === 'Gemm')!;
    const init = (name: string) => f.graph!.initializer!.find((t) => t.name === name)!;
    const [w, c] = [init(gemm.input![1]!), init(gemm.input![2]!)] as TensorProto[];
    expect(w!.dataType).toBe(DOUBLE);
    expect(c!.dataType).toBe(DOUBLE);
    const orig = m.graph!.node!.find((n) => n.opType === 'Gemm')!;
    const w0 = floatTensorValues(m.graph!.initializer!.find((t) => t.name === orig.input![1])!)!;
    const b0 = floatTensorValues(m.graph!.initializer!.find((t) => t.name === orig.input![2])!)!;
    const wf = floatTensorValues(w!)!;
    const cf = floatTensorValues(c!)!;
    for (let o = 0; o < 4; o++) {
      const s = gamma[o]! / Math.sqrt(variance[o]! + eps);
      for (let k = 0; k < 3; k++) expect(wf[o * 3 + k]).toBeCloseTo(w0[o * 3 + k]! * s, 14);
      expect(cf[o]).toBeCloseTo((b0[o]! - mean[o]!) * s + beta[o]!, 13);
    }
  });

  it('gives the gradients of the unfolded float64 graph (the builders run directly)', async () => {
    // The loader runs float32 models only; double graphs are built and run as float64.ts does.
    const spec = specOf(decodeOnnxModel(model, 'double'), 'x', DOUBLE, [3], 4);
    const x = Float64Array.from(randn([2, 3], 8, 0).data);
    const u = Float64Array.from(randn([2, 4], 8, 1).data);
    const run = async () => {
      const built = buildVjpGraph(spec);
      const session = await ort.InferenceSession.create(built.bytes);
      try {
        const out = await session.run({
          x: new ort.Tensor('float64', x, [2, 3]),
          [built.seed]: new ort.Tensor('float64', u, [2, 4]),
        });
        return {
          bn: decodeOnnxModel(built.bytes, 'vjp').graph!.node!.filter(
            (n) => n.opType === 'BatchNormalization',
          ).length,
          grad: {
            data: out[built.result]!.data as Float64Array,
            shape: [2, 3],
          } as unknown as Tensor,
        };
      } finally {
        await session.release();
      }
    };
    process.env.XAI_GRAPH = 'bn-fold';
    const on = await run();
    process.env.XAI_GRAPH = 'legacy-bn-fold';
    const off = await run();
    // Forward and backward BatchNormalization without the fold, none with it.
    expect([on.bn, off.bn]).toEqual([0, 2]);
    expect(relDiff(on.grad, off.grad)).toBeLessThanOrEqual(1e-14);
  });
});

describe('models with nothing to fold', () => {
  const fixtures = new URL('../../fixtures/data/', import.meta.url);
  const listed = (dir: URL) =>
    (
      JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Array<{ file: string }>
    ).map((e) => new URL(e.file, dir));
  // The tiny DenseNet's BatchNormalizations follow Concats (pre-activation): nothing to fold.
  // The fixture ResNet's follow Convs: folded (below).
  const files = [
    new URL('cnn.onnx', fixtures),
    ...listed(new URL('./zoo-ci/', import.meta.url)),
    ...listed(new URL('./zoo-ops/', import.meta.url)),
  ];

  it.each(files.map((f) => [f.pathname.split('/').pop()!, f] as const))(
    '%s: left as it is (the same graph, so the same numbers bit for bit)',
    (name, url) => {
      expect(foldBatchNorm(decodeOnnxModel(new Uint8Array(readFileSync(url)), name))).toBe(
        undefined,
      );
    },
  );
});

describe('the fixture ResNet, whose BatchNormalizations follow its convolutions', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  const models = [
    ['fixture resnet', new URL('../../fixtures/data/resnet.onnx', import.meta.url), [1, 28, 28]],
  ] as const;

  it.each(models)(
    '%s: folded, with the logits and input gradients of the unfolded graph',
    async (name, url, shape) => {
      const model = new Uint8Array(readFileSync(url));
      expect(foldBatchNorm(decodeOnnxModel(model, name))).toBeDefined();
      const x = randn([2, ...shape], 4, 0);
      const on = await loadOnnxModel(model);
      const off = await loadOnnxModel(model);
      try {
        const u = randn([2, on.numClasses], 4, 1);
        process.env.XAI_GRAPH = 'bn-fold';
        const a = await on.vjp(x, u);
        process.env.XAI_GRAPH = 'legacy-bn-fold';
        const b = await off.vjp(x, u);
        const diffs = { logits: relDiff(a.logits, b.logits), grad: relDiff(a.grad, b.grad) };
        if (process.env.XAI_REPORT) console.log(name, 'fold on vs off', diffs);
        // Every BatchNormalization here follows a Conv, which ONNX Runtime fuses in the
        // unfolded graph's forward with the same float32 arithmetic: the same logits bitwise.
        expect(diffs.logits).toBe(0);
        expect(diffs.grad).toBeLessThanOrEqual(1e-6);
      } finally {
        await on.dispose();
        await off.dispose();
      }
    },
    60_000,
  );
});

/** A float16 copy of a float32 model: initializers, graph inputs and outputs. */
function toFloat16(m: ModelProto): ModelProto {
  const F16 = onnx.TensorProto.DataType.FLOAT16;
  const g = m.graph!;
  const initializer = g.initializer!.map((t) => {
    const v = floatTensorValues(t);
    if (!v) return t;
    const bits = Uint16Array.from(v, halfBits);
    return onnx.TensorProto.create({
      name: t.name,
      dims: t.dims,
      dataType: F16,
      rawData: new Uint8Array(bits.buffer),
    });
  });
  const io = (list: typeof g.input) =>
    list!.map((v) =>
      onnx.ValueInfoProto.create({
        ...v,
        type: { tensorType: { ...v.type!.tensorType!, elemType: F16 } },
      }),
    );
  return onnx.ModelProto.create({
    ...m,
    graph: onnx.GraphProto.create({
      ...g,
      initializer,
      input: io(g.input),
      output: io(g.output),
      valueInfo: [],
    }),
  });
}

/** IEEE half bits of a normal-range number (round to nearest; what the test's weights need). */
function halfBits(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  const e = Math.floor(Math.log2(a));
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return m === 1024 ? sign | ((e + 16) << 10) : sign | ((e + 15) << 10) | m;
}
