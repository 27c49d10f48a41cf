import { describe, expect, it } from 'vitest';
import { buildVjpGraph } from '../src/autodiff/build.js';
import { findGradientPath } from '../src/autodiff/path.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { FLOAT, readGraph } from '../src/graph/graph.js';
import { loadOnnxModel } from '../src/index.js';
import { sameShape } from '../src/rules/common.js';
import { directionalCheck, spread } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';

// x [B, 2, 3, 3] -> h = Conv(x) (same shape), r = h + x (a residual: both live, same
// shape), m = r * GlobalAveragePool(r) (a live operand [B, 2, 1, 1] broadcast over H, W).
const bytes = tinyModel([2, 3, 3], (b, x, w) => {
  const h = b.op('Conv', [x, w([2, 2, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])]);
  const r = b.op('Add', [h, x]);
  return b.op('Mul', [r, b.op('GlobalAveragePool', [r])]);
});

function parts() {
  const graph = readGraph(decodeOnnxModel(bytes, 'tiny'));
  const { path } = findGradientPath(graph, 'x', 'logits');
  return { graph, path };
}

describe('the shape probe', () => {
  it('finds the shapes around broadcasting ops, at batch 2', async () => {
    const { graph, path } = parts();
    const shapes = await probeShapes(graph, path, 'x', [2, 3, 3], {});
    const add = path.nodes.find((n) => n.opType === 'Add')!;
    const mul = path.nodes.find((n) => n.opType === 'Mul')!;
    expect(shapes.get(add.output![0]!)).toEqual([2, 2, 3, 3]);
    expect(sameShape(shapes, add.output![0]!, add.input![0]!)).toBe(true);
    expect(sameShape(shapes, add.output![0]!, add.input![1]!)).toBe(true);
    expect(sameShape(shapes, mul.output![0]!, mul.input![0]!)).toBe(true);
    expect(shapes.get(mul.input![1]!)).toEqual([2, 2, 1, 1]);
    expect(sameShape(shapes, mul.output![0]!, mul.input![1]!)).toBe(false);
    expect(sameShape(undefined, 'a', 'a')).toBe(false);
  });

  it('lets the VJP skip the reductions it proved no-ops, and only those', async () => {
    const { graph, path } = parts();
    const spec = {
      graph,
      path,
      input: 'x',
      output: 'logits',
      floatType: FLOAT,
      inputShape: ['batch', 2, 3, 3],
      outputShape: ['batch', 18],
    } as const;
    const count = (b: Uint8Array) =>
      (decodeOnnxModel(b, 'vjp').graph!.node ?? []).filter((n) => n.opType === 'ReduceSum').length;
    const plain = count(buildVjpGraph(spec).bytes);
    const shapes = await probeShapes(graph, path, 'x', [2, 3, 3], {});
    const probed = count(buildVjpGraph({ ...spec, shapes }).bytes);
    // Add: 2 operands, Mul: 2 operands -> 4 reductions; the probe proves 3 of them no-ops.
    expect(plain).toBe(4);
    expect(probed).toBe(1);
  });

  it('sizes what one row of a pass holds: every path tensor, and the largest', async () => {
    const { graph, path } = parts();
    const shapes = await probeShapes(graph, path, 'x', [2, 3, 3], {});
    // Per row: Conv 18, Add 18, GlobalAveragePool 2, Mul 18, Flatten 18, Identity 18 floats.
    expect(shapes.rowBytes).toEqual({ activations: 4 * 92, largest: 4 * 18 });
    const spec = {
      graph,
      path,
      input: 'x',
      output: 'logits',
      floatType: FLOAT,
      inputShape: ['batch', 2, 3, 3],
      outputShape: ['batch', 18],
    } as const;
    expect(buildVjpGraph({ ...spec, shapes }).rowBytes).toBe(4 * 92 + 2 * 4 * 18);
    expect(buildVjpGraph(spec).rowBytes).toBeUndefined();
  });

  it('gives an empty map, never a wrong one, when the model cannot run on zeros', async () => {
    const { graph, path } = parts();
    const shapes = await probeShapes(graph, path, 'x', [5, 5, 5], {});
    expect(shapes.size).toBe(0);
    expect(shapes.rowBytes).toBeUndefined();
  });

  it('the probed model still matches central differences (the loaded model probes itself)', async () => {
    const model = await loadOnnxModel(bytes);
    try {
      const r = await directionalCheck(model, spread([3, 2, 3, 3], 11, 0.05), {
        seed: 5,
        step: 2e-3,
      });
      expect(r.vjpVsJvp).toBeLessThan(1e-5);
      expect(r.vjpVsFd).toBeLessThan(1e-3);
    } finally {
      await model.dispose();
    }
  });
});
