import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildVjpGraph, finish, graphConstants, reverseSweep } from '../src/autodiff/build.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { findSlicePartitions } from '../src/autodiff/slice-partitions.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT, opKey } from '../src/graph/graph.js';
import { loadOnnxModel } from '../src/index.js';
import { rules } from '../src/rules/registry.js';
import { directionalCheck, randn, spread } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

/** Slices of `h` along its last axis, `[start, end)` each given as a tensor name. */
type Cuts = (b: GraphBuilder, h: string) => Array<[string, string]>;

/** Cuts at constant `[start, end)` pairs. */
const at =
  (...pairs: Array<[number, number]>): Cuts =>
  (b) =>
    pairs.map(([s, e]) => [b.int64([s]), b.int64([e])]);

/** torch's cut of q, k and v: offsets from the width a third of it, computed at run time. */
const thirds: Cuts = (b, h) => {
  const width = b.op('Gather', [b.op('Shape', [h]), b.int64(1, [])], [attr.int('axis', 0)]);
  const third = b.op('Div', [width, b.int64(3, [])]);
  const at = (k: number) => b.op('Unsqueeze', [b.op('Mul', [third, b.int64(k, [])]), b.int64([0])]);
  const [one, two, three] = [at(1), at(2), at(3)];
  return [
    [b.int64([0]), one],
    [one, two],
    [two, three],
  ];
};

/**
 * x [B, 4] -> h = x W [B, 9] -> the cuts (in whatever order `cuts` lists them) -> q * k + v
 * for three cuts of one width, else q^2, sin k, v side by side (cuts of any width). `extra`
 * may read h once more ([B, 1] or a scalar).
 */
function model(
  cuts: Cuts,
  options: { extra?: (b: GraphBuilder, h: string) => string; steps?: number; side?: boolean } = {},
) {
  return tinyModel([4], (b, x, w) => {
    const h = b.op('MatMul', [x, w([4, 9], 0.7)]);
    const axes = b.int64([-1]);
    const parts = cuts(b, h).map(([s, e]) =>
      b.op('Slice', [h, s, e, axes, ...(options.steps ? [b.int64([options.steps])] : [])]),
    );
    const [q, k, v] = parts as [string, string, string];
    const y = options.side
      ? b.op('Concat', [b.op('Mul', [q, q]), b.op('Sin', [k]), v], [attr.int('axis', 1)])
      : b.op('Add', [b.op('Mul', [q, k]), v]);
    return options.extra ? b.op('Add', [y, options.extra(b, h)]) : y;
  });
}

async function partitions(bytes: Uint8Array) {
  const { graph, path } = tinyParts(bytes);
  const shapes = await probeShapes(graph, path, 'x', [4], {});
  const found = findSlicePartitions(graph.nodes, path.nodes, graphConstants(graph), shapes, 13);
  const spec = tinySpec({ graph, path }, [4], 3, shapes);
  const ops = (decodeOnnxModel(buildVjpGraph(spec).bytes, 'vjp').graph!.node ?? [])
    .filter((n) => n.name?.startsWith('xai/'))
    .map((n) => n.opType);
  return {
    found,
    ops,
    noShapes: findSlicePartitions(graph.nodes, path.nodes, graphConstants(graph), undefined, 13),
  };
}

async function matchesDifferences(bytes: Uint8Array) {
  const m = await loadOnnxModel(bytes);
  try {
    const r = await directionalCheck(m, spread([3, 4], 11, 0.05), { seed: 5, step: 2e-3 });
    expect(r.vjpVsJvp).toBeLessThan(1e-5);
    expect(r.vjpVsFd).toBeLessThan(1e-3);
  } finally {
    await m.dispose();
  }
}

describe('a tensor cut into consecutive slices pulls back by one Concat', () => {
  it("finds torch's run-time thirds, in any listing order, and joins them", async () => {
    const { found, ops, noShapes } = await partitions(model(thirds));
    expect([...found.values()].map((p) => [p.axis, p.parts.length])).toEqual([[1, 3]]);
    expect(ops).toContain('Concat');
    expect(ops).not.toContain('Pad');
    expect(ops).not.toContain('Sum');
    expect(noShapes.size).toBe(0);
    const shuffled: Cuts = (b, h) => {
      const [q, k, v] = thirds(b, h);
      return [v!, q!, k!];
    };
    const again = await partitions(model(shuffled));
    expect(again.found.size).toBe(1);
    // The parts in order along the axis, whatever order the graph lists them in.
    const graph = decodeOnnxModel(model(shuffled), 'tiny').graph!;
    const slices = graph.node!.filter((n) => n.opType === 'Slice').map((n) => n.output![0]!);
    expect([...again.found.values()][0]!.parts).toEqual([slices[1], slices[2], slices[0]]);
    await matchesDifferences(model(thirds));
    await matchesDifferences(model(shuffled));
  });

  it('joins constant cuts, an end past the axis included, and a reader of the shape alone', async () => {
    const constant = at([0, 2], [2, -4], [5, 1000]);
    const sized = (b: GraphBuilder, h: string) =>
      b.op('Cast', [b.op('Size', [h])], [attr.int('to', 1)]);
    const bytes = model(constant, { extra: sized, side: true });
    const { found, ops } = await partitions(bytes);
    expect(found.size).toBe(1);
    expect(ops).not.toContain('Pad');
    await matchesDifferences(bytes);
  });

  it('leaves every other cut to the Slices own pull-backs, which stay right', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['a gap', model(at([0, 2], [3, 5], [5, 9]), { side: true })],
      ['an overlap', model(at([0, 4], [3, 6], [6, 9]), { side: true })],
      ['short of the end', model(at([0, 3], [3, 6], [6, 8]), { side: true })],
      ['steps of 2', model(thirds, { steps: 2 })],
      [
        'a second reader of the values',
        model(thirds, {
          extra: (b, h) => b.op('ReduceSum', [b.op('Mul', [h, h]), b.int64([1])]),
        }),
      ],
    ];
    for (const [name, bytes] of cases) {
      const { found, ops } = await partitions(bytes);
      expect(found.size, name).toBe(0);
      // Each Slice's own pull-back: a Pad for steps of 1, a scatter into zeros for the rest.
      const own = name === 'steps of 2' ? 'ScatterElements' : 'Pad';
      expect(ops.filter((o) => o === own).length, name).toBe(3);
      await matchesDifferences(bytes);
    }
  });

  it('fills a part no cotangent reaches with zeros: the same as the Slices own pull-backs', async () => {
    // A sweep whose rule for q * k sends k nothing (as if k were a constant): k's place in the
    // Concat is zeros. Without probed shapes there is no partition and each Slice scatters
    // its cotangent into zeros of h's size (the general form).
    const bytes = model(thirds);
    const { graph, path } = tinyParts(bytes);
    const shapes = await probeShapes(graph, path, 'x', [4], {});
    const product = path.nodes.find(
      (n) =>
        n.opType === 'Mul' &&
        n.input?.[1] !== undefined &&
        graph.nodes.some((s) => s.opType === 'Slice' && s.output?.[0] === n.input?.[1]),
    )!;
    const run = async (withShapes: boolean) => {
      const spec = tinySpec({ graph, path }, [4], 3, withShapes ? shapes : undefined);
      const b = new GraphBuilder(graph.opset, FLOAT, graph.names);
      const seed = b.fresh('cotangent');
      const grad = reverseSweep(
        b,
        spec,
        seed,
        -1,
        'x',
        (node, outs, ctx) => {
          const r = rules.get(opKey(node))!.vjp(node, outs, ctx);
          return node === product ? [r[0], undefined] : r;
        },
        { constants: graphConstants(graph) },
      );
      const ops = b.nodes.map((n) => n.opType);
      const result = b.fresh('grad');
      b.nodes.push({
        name: b.fresh('Identity'),
        opType: 'Identity',
        input: [grad],
        output: [result],
      });
      const { bytes: vjp } = finish(spec, b, seed, spec.outputShape, result, spec.inputShape);
      const session = await ort.InferenceSession.create(vjp);
      const x = randn([2, 4], 3, 0);
      const u = randn([2, 3], 3, 1);
      const out = await session.run({
        x: new ort.Tensor('float32', x.data as Float32Array, [2, 4]),
        [seed]: new ort.Tensor('float32', u.data as Float32Array, [2, 3]),
      });
      await session.release();
      return { ops, grad: out[result]!.data as Float32Array };
    };
    const joined = await run(true);
    const padded = await run(false);
    expect(joined.ops).toContain('Concat');
    expect(joined.ops).toContain('ConstantOfShape');
    // q's and v's scatters; k's Slice got no cotangent and adds nothing.
    expect(padded.ops.filter((o) => o === 'ScatterElements').length).toBe(2);
    expect(joined.grad.some((v) => v !== 0)).toBe(true);
    for (let i = 0; i < joined.grad.length; i++) {
      expect(joined.grad[i]).toBeCloseTo(padded.grad[i]!, 6);
    }
  });

  it('a layer pass at a part or at the sliced tensor gets the right cotangent', async () => {
    const bytes = model(thirds);
    const m = await loadOnnxModel(bytes);
    try {
      const graph = decodeOnnxModel(bytes, 'tiny').graph!;
      const [q, k] = graph.node!.filter((n) => n.opType === 'Slice').map((n) => n.output![0]!);
      const h = graph.node!.find((n) => n.opType === 'MatMul')!.output![0]!;
      const x = randn([2, 4], 3, 0);
      const u = randn([2, 3], 3, 1);
      // d(q * k + v)/dq = k; at h, the three parts side by side: [u k, u q, u].
      const atQ = await m.layerVjp(x, u, q!);
      const atK = await m.layerVjp(x, u, k!);
      const atH = await m.layerVjp(x, u, h);
      for (let s = 0; s < 2; s++)
        for (let j = 0; j < 3; j++) {
          const i = s * 3 + j;
          const [qv, kv] = [atQ.activation.data[i]!, atK.activation.data[i]!];
          expect(atQ.grad.data[i]).toBeCloseTo(u.data[i]! * kv, 6);
          expect(atH.grad.data[s * 9 + j]).toBeCloseTo(u.data[i]! * kv, 6);
          expect(atH.grad.data[s * 9 + 3 + j]).toBeCloseTo(u.data[i]! * qv, 6);
          expect(atH.grad.data[s * 9 + 6 + j]).toBeCloseTo(u.data[i]!, 6);
        }
    } finally {
      await m.dispose();
    }
  });
});
