/**
 * An overlapping MaxPool's pull-back at opset 16 and later: one ScatterElements that adds the
 * cotangents of windows sharing a maximum (rules/max-pool.ts), against the split into classes
 * of disjoint windows it replaces (`XAI_GRAPH=legacy-maxpool-classes`, and every model before
 * opset 16). Ties make windows share their maxima.
 */
import type { Tensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { buildVjpGraph } from '../src/autodiff/build.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { randn } from './helpers/directional.js';
import { gradientUnderFlags } from './helpers/gradient-under-flags.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

const overlapping = [
  attr.ints('kernel_shape', [3, 3]),
  attr.ints('strides', [2, 2]),
  attr.ints('pads', [1, 1, 1, 1]),
];
const pooled = (opset: number) =>
  tinyModel([2, 9, 9], (b, x) => b.op('MaxPool', [x], overlapping), { opset });

/** Values on a coarse grid, so that neighbouring windows share their maximum. */
const tied = (): Tensor => {
  const x = randn([3, 2, 9, 9], 4, 0);
  return { data: x.data.map((v) => Math.round(v)), shape: x.shape };
};

/** The reductions of the VJP graph's ScatterElements under `XAI_GRAPH=flags`. */
const scatters = (bytes: Uint8Array, flags: string) => {
  const saved = process.env.XAI_GRAPH;
  process.env.XAI_GRAPH = flags;
  try {
    const nodes = decodeOnnxModel(
      buildVjpGraph(tinySpec(tinyParts(bytes), [2, 9, 9], 50)).bytes,
      'vjp',
    ).graph!.node!.filter((n) => n.opType === 'ScatterElements');
    return nodes.map((n) => n.attribute?.find((a) => a.name === 'reduction')?.s);
  } finally {
    if (saved === undefined) delete process.env.XAI_GRAPH;
    else process.env.XAI_GRAPH = saved;
  }
};

describe("an overlapping MaxPool's pull-back by one adding scatter", () => {
  it('scatters once with reduction add from opset 16, in classes before or under the flag', () => {
    const reduction = (s: Uint8Array | null | undefined) => (s ? new TextDecoder().decode(s) : '');
    expect(scatters(pooled(17), '').map(reduction)).toEqual(['add']);
    // 3x3 windows at stride 2: two classes an axis, four scatters into zeros.
    expect(scatters(pooled(17), 'legacy-maxpool-classes')).toHaveLength(4);
    expect(scatters(pooled(13), '')).toHaveLength(4);
  });

  it('gives the input gradient of the classes, ties included (the same sums, in another order)', async () => {
    const x = tied();
    const added = await gradientUnderFlags(pooled(17), x, '');
    for (const classes of [
      await gradientUnderFlags(pooled(17), x, 'legacy-maxpool-classes'),
      await gradientUnderFlags(pooled(13), x, ''),
    ]) {
      let most = 0;
      let shared = 0;
      for (const v of classes) most = Math.max(most, Math.abs(v));
      for (let i = 0; i < added.length; i++) {
        expect(Math.abs(added[i]! - classes[i]!), `element ${i}`).toBeLessThanOrEqual(1e-6 * most);
        if (added[i] !== 0 && added[i] !== classes[i]) shared++;
      }
      expect(most).toBeGreaterThan(0);
      // Elements that several windows send to differ by a rounding at most; most agree exactly.
      expect(shared).toBeLessThan(added.length / 10);
    }
  });
});
