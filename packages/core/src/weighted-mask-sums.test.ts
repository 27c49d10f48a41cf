import { afterEach, describe, expect, it } from 'vitest';
import { blendMemory } from './js-kernels/blend-memory.js';
import { blendEngine, setBlendEngine } from './wasm/blend-wasm.js';
import { addWeightedMaskSets, addWeightedMasks } from './weighted-mask-sums.js';

const defaults = { ...blendMemory };

/** The one-mask-at-a-time loop it replaces. */
function reference(
  sum: Float64Array,
  at: number,
  w: ArrayLike<number>,
  masks: Float32Array,
  plane: number,
) {
  for (let i = 0; i < w.length; i++)
    for (let p = 0; p < plane; p++) sum[at + p]! += w[i]! * masks[i * plane + p]!;
}

describe('addWeightedMasks', () => {
  // 0..17 masks: none, fewer than eight, one and two whole groups of eight, and every tail length.
  it.each(Array.from({ length: 18 }, (_, n) => n))(
    '%i masks: bit for bit the one-mask loop',
    (n) => {
      const plane = 7;
      const masks = Float32Array.from({ length: n * plane }, (_, i) =>
        Math.fround(Math.sin(i * 1.7) ** 2),
      );
      const w = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.9) / 3);
      const start = Float64Array.from({ length: 3 * plane }, (_, i) => Math.sin(i) * 1e-3);
      const want = start.slice();
      const got = start.slice();
      reference(want, plane, w, masks, plane);
      addWeightedMasks(got, plane, w, masks, plane);
      expect(Array.from(got)).toEqual(Array.from(want));
      // Only the plane at `at` moves.
      expect(Array.from(got.subarray(0, plane))).toEqual(Array.from(start.subarray(0, plane)));
      expect(Array.from(got.subarray(2 * plane))).toEqual(Array.from(start.subarray(2 * plane)));
    },
  );
});

describe('addWeightedMaskSets', () => {
  afterEach(() => {
    Object.assign(blendMemory, defaults);
    setBlendEngine('auto');
  });

  /** B rows of weights over n masks of `plane`, and sums that already hold something. */
  function inputs(B: number, n: number, plane: number) {
    const masks = Float32Array.from({ length: n * plane }, (_, i) =>
      Math.fround(Math.sin(i * 1.3) ** 2 + (i % 5 === 0 ? 1e-7 : 0)),
    );
    const weights = Array.from({ length: B }, (_, b) =>
      Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7 + b) / 7),
    );
    const start = Float64Array.from({ length: B * plane }, (_, i) => Math.sin(i) * 1e-3);
    return { masks, weights, start };
  }

  // Planes odd and even (the kernel's one-lane tail), mask counts around its groups of four.
  it.each([
    [3, 9, 7],
    [2, 4, 8],
    [1, 0, 5],
    [4, 13, 784],
    [2, 6, 1],
  ])('%i rows, %i masks of %i on WebAssembly: bit for bit the JavaScript', (B, n, plane) => {
    expect(blendEngine()).toBe('wasm');
    const { masks, weights, start } = inputs(B, n, plane);
    const want = start.slice();
    for (let b = 0; b < B; b++) addWeightedMasks(want, b * plane, weights[b]!, masks, plane);
    const got = start.slice();
    addWeightedMaskSets(got, weights, masks, plane);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('gives the same bits in JavaScript, chosen or past the memory limit', () => {
    const { masks, weights, start } = inputs(3, 11, 9);
    const onWasm = start.slice();
    addWeightedMaskSets(onWasm, weights, masks, 9);
    setBlendEngine('js');
    const inJs = start.slice();
    addWeightedMaskSets(inJs, weights, masks, 9);
    setBlendEngine('auto');
    blendMemory.maxBytes = 64; // less than the masks need
    const past = start.slice();
    addWeightedMaskSets(past, weights, masks, 9);
    expect(Array.from(inJs)).toEqual(Array.from(onWasm));
    expect(Array.from(past)).toEqual(Array.from(onWasm));
    expect(onWasm).not.toEqual(start);
  });

  it('names the mismatch when a row lacks a weight or the masks are not whole planes', () => {
    const { masks, weights } = inputs(2, 4, 5);
    expect(() =>
      addWeightedMaskSets(new Float64Array(10), [weights[0]!, weights[1]!.subarray(1)], masks, 5),
    ).toThrow(/rows of 4, 3 weights/);
    expect(() => addWeightedMaskSets(new Float64Array(10), weights, masks.subarray(1), 5)).toThrow(
      /whole planes of 5.* 19 mask values/,
    );
    expect(() => addWeightedMaskSets(new Float64Array(9), weights, masks, 5)).toThrow(/9 sums/);
  });
});
