/**
 * Backward-rule variants (guided backprop, deconvnet, LRP epsilon and alpha-beta) against
 * plain-JS references on small networks, and the properties the rules promise.
 */
import { type LinearRule, sliceBatch, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { denseReluForward } from './helpers/dense-relu.js';
import { randn } from './helpers/directional.js';
import { expectRulesRefused } from './helpers/rule-refusal.js';
import { gemmLayer, tinyModel } from './helpers/tiny-model.js';

/** A dense layer `[out, in]` with bias, as plain arrays. */
interface Dense {
  readonly w: Float32Array;
  readonly bias: Float32Array;
  readonly out: number;
  readonly in: number;
}

function dense(out: number, inp: number, seed: number, withBias = true): Dense {
  const w = randn([out, inp], seed, 0, 1 / Math.sqrt(inp)).data;
  const bias = withBias ? randn([out], seed, 1, 0.3).data : new Float32Array(out);
  return { w, bias, out, in: inp };
}

/** x -> Gemm -> Relu -> Gemm -> Relu -> Gemm, the layers given; biases as Gemm's C. */
function mlpModel(layers: readonly Dense[]): Uint8Array {
  return tinyModel(
    [layers[0]!.in],
    (b, x) => {
      let h = x;
      layers.forEach((l, i) => {
        h = b.op(
          'Gemm',
          [h, b.float(Array.from(l.w), [l.out, l.in]), b.float(Array.from(l.bias), [l.out])],
          [attr.int('transB', 1)],
        );
        if (i < layers.length - 1) h = b.op('Relu', [h]);
      });
      return h;
    },
    { flatten: false },
  );
}

const mlpForward = denseReluForward;

/** The backward pass with a ReLU rule, in plain JS: the reference for guided and deconvnet. */
function mlpBackward(
  layers: readonly Dense[],
  x: Float32Array,
  u: Float32Array,
  relu: 'standard' | 'guided' | 'deconvnet',
): Float64Array {
  const { pre } = mlpForward(layers, x);
  let g = Float64Array.from(u);
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li]!;
    if (li < layers.length - 1) {
      const z = pre[li]!;
      g = g.map((v, k) => {
        if (relu === 'deconvnet') return Math.max(0, v);
        if (relu === 'guided') return z[k]! > 0 && v > 0 ? v : 0;
        return z[k]! > 0 ? v : 0;
      });
    }
    const next = new Float64Array(l.in);
    for (let k = 0; k < l.out; k++)
      for (let j = 0; j < l.in; j++) next[j]! += l.w[k * l.in + j]! * g[k]!;
    g = next;
  }
  return g;
}

/** LRP in its relevance form (Montavon et al. 2019), in plain JS, with output relevance `y * u`. */
function mlpRelevance(
  layers: readonly Dense[],
  x: Float32Array,
  u: Float32Array,
  rule: Extract<LinearRule, { kind: 'epsilon' | 'alpha-beta' }>,
): Float64Array {
  const { inputs, pre } = mlpForward(layers, x);
  let r = pre[layers.length - 1]!.map((v, k) => v * u[k]!);
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li]!;
    const a = inputs[li]!;
    const z = pre[li]!;
    const next = new Float64Array(l.in);
    for (let k = 0; k < l.out; k++) {
      if (rule.kind === 'epsilon') {
        const d = z[k]! + (z[k]! < 0 ? -1 : 1) * rule.epsilon;
        for (let j = 0; j < l.in; j++) next[j]! += (a[j]! * l.w[k * l.in + j]! * r[k]!) / d;
      } else {
        let zp = 0;
        let zn = 0;
        for (let j = 0; j < l.in; j++) {
          const c = a[j]! * l.w[k * l.in + j]!;
          if (c > 0) zp += c;
          else zn += c;
        }
        for (let j = 0; j < l.in; j++) {
          const c = a[j]! * l.w[k * l.in + j]!;
          const pos = c > 0 ? c / (zp + rule.stabilizer) : 0;
          const neg = c < 0 ? c / (zn - rule.stabilizer) : 0;
          next[j]! += (rule.alpha * pos - rule.beta * neg) * r[k]!;
        }
      }
    }
    r = next; // relevance at the layer's input = at the previous ReLU's output = its input
  }
  return r;
}

const layers = [dense(8, 5, 11), dense(7, 8, 12), dense(3, 7, 13)];
const B = 6;
const x = randn([B, 5], 21, 0);
const u = randn([B, 3], 21, 1);

function rows(t: Tensor, b: number): Float32Array {
  const per = t.data.length / t.shape[0]!;
  return t.data.subarray(b * per, (b + 1) * per);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number) {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(rel * scale + 1e-7);
}

describe('ReLU rules on an MLP against a plain-JS backward pass', () => {
  it.each(['standard', 'guided', 'deconvnet'] as const)(
    '%s matches the reference through two ReLU layers',
    async (rule) => {
      const model = await loadOnnxModel(mlpModel(layers));
      const variant = await model.withBackwardRules({ relu: rule });
      try {
        const { grad } = await variant.vjp(x, u);
        for (let b = 0; b < B; b++)
          expectClose(rows(grad, b), mlpBackward(layers, rows(x, b), rows(u, b), rule), 1e-5);
        // The rules differ on this network, so the comparison above can tell them apart.
        if (rule !== 'standard') {
          const plain = (await model.vjp(x, u)).grad.data;
          expect(grad.data.some((v, i) => Math.abs(v - plain[i]!) > 1e-3)).toBe(true);
        }
      } finally {
        await variant.dispose();
        await model.dispose();
      }
    },
  );
});

describe('LRP rules as modified gradients', () => {
  const rulesUnderTest: Array<[string, Extract<LinearRule, { kind: 'epsilon' | 'alpha-beta' }>]> = [
    ['epsilon 0.25', { kind: 'epsilon', epsilon: 0.25 }],
    ['alpha 1 beta 0 (z+)', { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 }],
    ['alpha 2 beta 1', { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-9 }],
  ];
  it.each(rulesUnderTest)(
    '%s: x * modified gradient is the relevance of the plain-JS LRP',
    async (_, rule) => {
      const model = await loadOnnxModel(mlpModel(layers));
      const variant = await model.withBackwardRules({ linear: rule });
      try {
        const { grad } = await variant.vjp(x, u);
        for (let b = 0; b < B; b++) {
          const xb = rows(x, b);
          const relevance = Array.from(rows(grad, b), (g, i) => g * xb[i]!);
          expectClose(relevance, mlpRelevance(layers, xb, rows(u, b), rule), 1e-4);
        }
      } finally {
        await variant.dispose();
        await model.dispose();
      }
    },
  );

  /** Conv (pads) -> Relu -> MaxPool -> Conv (stride 2) -> Relu -> Flatten -> Gemm. */
  const cnn = (bias: boolean) =>
    tinyModel(
      [2, 8, 8],
      (b, xx, w) => {
        const c1 = b.op(
          'Conv',
          [xx, w([4, 2, 3, 3], 0.4), ...(bias ? [w([4], 0.2)] : [])],
          [attr.ints('pads', [1, 1, 1, 1])],
        );
        const p = b.op(
          'MaxPool',
          [b.op('Relu', [c1])],
          [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])],
        );
        const c2 = b.op(
          'Conv',
          [p, w([5, 4, 3, 3], 0.3), ...(bias ? [w([5], 0.2)] : [])],
          [attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1])],
        );
        const f = b.op('Flatten', [b.op('Relu', [c2])]);
        return b.op(
          'Gemm',
          [f, w([4, 20], 0.3), ...(bias ? [w([4], 0.2)] : [])],
          [attr.int('transB', 1)],
        );
      },
      { flatten: false },
    );

  it('epsilon -> 0 on a bias-free ReLU CNN is gradient x input', async () => {
    const model = await loadOnnxModel(cnn(false));
    const variant = await model.withBackwardRules({ linear: { kind: 'epsilon', epsilon: 1e-9 } });
    try {
      const xs = randn([3, 2, 8, 8], 5, 0);
      const us = randn([3, 4], 5, 1);
      const g = (await model.vjp(xs, us)).grad.data;
      const h = (await variant.vjp(xs, us)).grad.data;
      expectClose(
        Array.from(h, (v, i) => v * xs.data[i]!),
        Array.from(g, (v, i) => v * xs.data[i]!),
        1e-4,
      );
      // A large epsilon absorbs relevance: it differs.
      const big = await model.withBackwardRules({ linear: { kind: 'epsilon', epsilon: 10 } });
      const k = (await big.vjp(xs, us)).grad.data;
      expect(k.some((v, i) => Math.abs(v - g[i]!) > 1e-3)).toBe(true);
      await big.dispose();
    } finally {
      await variant.dispose();
      await model.dispose();
    }
  });

  it('z+ conserves relevance: the input relevance sums to the target logit, biases or not', async () => {
    for (const bias of [false, true]) {
      const model = await loadOnnxModel(cnn(bias));
      const variant = await model.withBackwardRules({
        linear: { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 },
      });
      try {
        const xs = randn([4, 2, 8, 8], 6, 0);
        const targets = [0, 1, 2, 3];
        const onehot = new Float32Array(16);
        targets.forEach((t, s) => {
          onehot[s * 4 + t] = 1;
        });
        const { logits, grad } = await variant.vjp(xs, { data: onehot, shape: [4, 4] });
        for (let s = 0; s < 4; s++) {
          let sum = 0;
          let mass = 0;
          for (let i = s * 128; i < (s + 1) * 128; i++) {
            const r = grad.data[i]! * xs.data[i]!;
            sum += r;
            mass += Math.abs(r);
          }
          const logit = logits.data[s * 4 + targets[s]!]!;
          expect(Math.abs(sum - logit)).toBeLessThan(1e-4 * Math.max(1, Math.abs(logit)));
          // z+ shares are nonnegative: every relevance has the logit's sign.
          expect(mass).toBeCloseTo(Math.abs(sum), 4);
        }
      } finally {
        await variant.dispose();
        await model.dispose();
      }
    }
  });

  it('rejects, at once, a model with an op that has no relevance rule, naming it', async () => {
    await expectRulesRefused(
      tinyModel(
        [4],
        (b, xx, w) => gemmLayer(b, b.op('Sigmoid', [gemmLayer(b, xx, w([3, 4]))]), w([2, 3])),
        {
          flatten: false,
        },
      ),
      { linear: { kind: 'epsilon', epsilon: 1e-6 } },
      /LRP-epsilon rule .* Sigmoid 'tiny\/Sigmoid_\d+': it is neither linear/,
      // The gradient rules still apply to it.
      { relu: 'guided' },
    );
  });
});

describe('DeepLIFT rescale multipliers', () => {
  it('match the closed form on a one-hidden-layer ReLU network', async () => {
    const net = [dense(9, 5, 31), dense(3, 9, 32)];
    const model = await loadOnnxModel(mlpModel(net));
    try {
      const reference = randn([B, 5], 33, 0);
      const { grad, logits, referenceLogits } = await model.deepLiftVjp(x, reference, u);
      expect(logits.data).toEqual((await model.forward(x)).data);
      expect(referenceLogits.data).toEqual((await model.forward(reference)).data);
      let rescaledUnits = 0;
      for (let s = 0; s < B; s++) {
        const z = mlpForward(net, rows(x, s)).pre[0]!;
        const zr = mlpForward(net, rows(reference, s)).pre[0]!;
        const [w1, w2] = net as [Dense, Dense];
        // m = W1^T ((W2^T u) * (relu(z) - relu(z_ref)) / (z - z_ref))
        const want = new Float64Array(5);
        for (let k = 0; k < 9; k++) {
          let back = 0;
          for (let t = 0; t < 3; t++) back += w2.w[t * 9 + k]! * u.data[s * 3 + t]!;
          const ratio = (Math.max(0, z[k]!) - Math.max(0, zr[k]!)) / (z[k]! - zr[k]!);
          if (ratio > 0 && ratio < 1) rescaledUnits++;
          for (let j = 0; j < 5; j++) want[j]! += w1.w[k * 5 + j]! * back * ratio;
        }
        expectClose(rows(grad, s), want, 1e-4);
      }
      // Some units cross zero between reference and input: the multiplier is not the gradient.
      expect(rescaledUnits).toBeGreaterThan(3);
    } finally {
      await model.dispose();
    }
  });

  it('refuses, naming it, an op with no rescale rule', async () => {
    const model = await loadOnnxModel(
      tinyModel([4], (b, xx) => b.op('Mul', [xx, b.op('Sigmoid', [xx])]), { flatten: false }),
    );
    try {
      const e = await model
        .deepLiftVjp(randn([2, 4], 1), randn([2, 4], 2), randn([2, 4], 3))
        .catch((err: unknown) => err);
      expect(e).toMatchObject({ code: 'UNSUPPORTED_OP' });
      expect((e as Error).message).toMatch(
        /DeepLIFT rescale rule .*Mul 'tiny\/Mul_\d+': it multiplies two tensors/,
      );
    } finally {
      await model.dispose();
    }
  });
});

describe.each(['cnn', 'resnet'] as const)('DeepLIFT on the %s fixture', (name) => {
  it('is the gradient where the reference is the input (the 0/0 ratios left unselected)', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name));
    try {
      const xs = sliceBatch(loadFixtureInputs(), 0, 3);
      const u = { data: Float32Array.from({ length: 30 }, (_, i) => (i % 7) - 3), shape: [3, 10] };
      const { grad } = await model.deepLiftVjp(xs, { data: xs.data.slice(), shape: xs.shape }, u);
      const plain = (await model.vjp(xs, u)).grad.data;
      expect(grad.data.every(Number.isFinite)).toBe(true);
      expectClose(grad.data, plain, 1e-6);
    } finally {
      await model.dispose();
    }
  });

  it('sums to the difference of the target logit (summation-to-delta)', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name));
    try {
      const xs = sliceBatch(loadFixtureInputs(), 0, 4);
      const zeros = { data: new Float32Array(xs.data.length), shape: xs.shape };
      const shifted = { data: xs.data.map((v) => 0.5 * v - 0.2), shape: xs.shape };
      for (const reference of [zeros, shifted]) {
        const onehot = new Float32Array(40);
        for (let s = 0; s < 4; s++) onehot[s * 10 + s] = 1;
        const { grad, logits, referenceLogits } = await model.deepLiftVjp(xs, reference, {
          data: onehot,
          shape: [4, 10],
        });
        const plain = (await model.vjp(xs, { data: onehot, shape: [4, 10] })).grad.data;
        for (let s = 0; s < 4; s++) {
          let sum = 0;
          let gradientSum = 0;
          for (let i = s * 784; i < (s + 1) * 784; i++) {
            sum += (xs.data[i]! - reference.data[i]!) * grad.data[i]!;
            gradientSum += (xs.data[i]! - reference.data[i]!) * plain[i]!;
          }
          const delta = logits.data[s * 10 + s]! - referenceLogits.data[s * 10 + s]!;
          expect(Math.abs(sum - delta)).toBeLessThan(1e-4 * Math.max(1, Math.abs(delta)));
          // Gradient x (x - x_ref) does not sum to the difference: the test can fail.
          expect(Math.abs(gradientSum - delta)).toBeGreaterThan(1e-2);
        }
      }
    } finally {
      await model.dispose();
    }
  });
});
