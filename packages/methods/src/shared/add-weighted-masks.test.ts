import { describe, expect, it } from 'vitest';
import { addWeightedMasks } from './add-weighted-masks.js';

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
