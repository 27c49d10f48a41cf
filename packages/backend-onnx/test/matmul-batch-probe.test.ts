import { describe, expect, it } from 'vitest';
import { buildVjpGraph } from '../src/autodiff/build.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { directionalCheck, spread } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

// x [B, 3, 4] -> h = x W (a weight of rank 2: h's batch axes are x's), s = h h^T (both
// operands live, batch axes equal), then q = x as [B, 1, 3, 4] times k = [x^T, 2 h^T] as
// [B, 2, 4, 3]: q is broadcast over k's second axis, so only its pull-back must be summed
// (and s's, broadcast by the Add the same way).
const bytes = tinyModel([3, 4], (b, x, w) => {
  const h = b.op('MatMul', [x, w([4, 4], 0.5)]);
  const ht = b.op('Transpose', [h], [attr.ints('perm', [0, 2, 1])]);
  const s = b.op('MatMul', [h, ht]);
  const one = b.int64([1]);
  const q = b.op('Unsqueeze', [x, one]);
  const xt = b.op('Transpose', [x], [attr.ints('perm', [0, 2, 1])]);
  const k = b.op(
    'Concat',
    [b.op('Unsqueeze', [xt, one]), b.op('Unsqueeze', [b.op('Mul', [ht, b.float(2)]), one])],
    [attr.int('axis', 1)],
  );
  return b.op('Add', [b.op('Unsqueeze', [s, one]), b.op('MatMul', [q, k])]);
});

const parts = () => tinyParts(bytes);

const count = (b: Uint8Array, op: string) =>
  (decodeOnnxModel(b, 'vjp').graph!.node ?? []).filter((n) => n.opType === op).length;
const reductions = (b: Uint8Array) => count(b, 'ReduceSum');

describe("MatMul's pull-back with probed batch axes", () => {
  it('sums over the batch only for the operand the product broadcast', async () => {
    const p = parts();
    const shapes = await probeShapes(p.graph, p.path, 'x', [3, 4], {});
    const s = tinySpec(p, [3, 4], 18);
    // Unprobed: every live operand of the three MatMuls (1 + 2 + 2), of the Add (2) and of
    // the Mul by 2 (1) is reduced at run time; probed: only q's and s's.
    expect(reductions(buildVjpGraph(s).bytes)).toBe(5 + 2 + 1);
    expect(reductions(buildVjpGraph(tinySpec(p, [3, 4], 18, shapes)).bytes)).toBe(2);
  });

  it('swaps an operand of probed rank with a Transpose (ONNX Runtime fuses it), else an Einsum', async () => {
    const p = parts();
    const shapes = await probeShapes(p.graph, p.path, 'x', [3, 4], {});
    const s = tinySpec(p, [3, 4], 18);
    // One swap for x W (of W), two for h h^T and two for q k.
    expect(count(buildVjpGraph(s).bytes, 'Einsum')).toBe(5);
    const probed = buildVjpGraph(tinySpec(p, [3, 4], 18, shapes)).bytes;
    expect(count(probed, 'Einsum')).toBe(0);
    const swaps = (decodeOnnxModel(probed, 'vjp').graph!.node ?? []).filter(
      (n) => n.opType === 'Transpose' && n.name?.startsWith('xai/'),
    );
    const perms = swaps.map((n) => n.attribute?.find((a) => a.name === 'perm')?.ints?.map(Number));
    expect(perms.filter((p) => p?.join() === '1,0')).toHaveLength(1);
    // Two swaps, and the pull-backs of the model's own two Transposes.
    expect(perms.filter((p) => p?.join() === '0,2,1')).toHaveLength(2 + 2);
    expect(perms.filter((p) => p?.join() === '0,1,3,2')).toHaveLength(2);
  });

  it('matches central differences with the reduction kept where it is needed', async () => {
    const model = await loadOnnxModel(bytes);
    try {
      const r = await directionalCheck(model, spread([3, 3, 4], 4, 0.5), { seed: 2, step: 1e-3 });
      expect(r.vjpVsJvp).toBeLessThan(1e-5);
      expect(r.vjpVsFd).toBeLessThan(1e-3);
    } finally {
      await model.dispose();
    }
  });
});
