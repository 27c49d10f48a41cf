import { describe, expect, it } from 'vitest';
import { scoreAgainstMasks } from './masks.js';
import { valueRange } from './pixels.js';

describe('valueRange', () => {
  it('gives the smallest and largest value, and an empty range for no values', () => {
    expect(valueRange(Float32Array.from([0.5, -2, 3, 1]))).toEqual([-2, 3]);
    expect(valueRange([7])).toEqual([7, 7]);
    expect(valueRange([])).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });
});

describe('scoreAgainstMasks', () => {
  // Two samples [2, 2, 2] (two channels, four pixels); masks mark pixel 0 and pixel 3.
  const x = { data: new Float32Array(16), shape: [2, 2, 2, 2] };
  const attributions = {
    data: Float32Array.from({ length: 16 }, (_, i) => i),
    shape: [2, 2, 2, 2],
  };
  const masks = { data: Float32Array.from([1, 0, 0, 0, 0, 0, 0, 1]), shape: [2, 1, 2, 2] };

  it('passes each sample its channel-summed pixels, its own mask and its size', () => {
    const seen: Array<[number[], number[], number]> = [];
    const scores = scoreAgainstMasks(x, attributions, masks, 'test', (pixels, mask, size) => {
      seen.push([[...pixels], [...mask], size]);
      return seen.length;
    });
    expect([...scores]).toEqual([1, 2]);
    expect(seen).toEqual([
      [[4, 6, 8, 10], [1, 0, 0, 0], 1],
      [[20, 22, 24, 26], [0, 0, 0, 1], 1],
    ]);
  });

  it('rejects a non-finite map and missing masks with the metric named', () => {
    const bad = { data: Float32Array.from(attributions.data), shape: attributions.shape };
    bad.data[3] = Number.NaN;
    expect(() => scoreAgainstMasks(x, bad, masks, 'test', () => 0)).toThrow(/attributions/);
    expect(() => scoreAgainstMasks(x, attributions, undefined, 'my-metric', () => 0)).toThrow(
      /options of 'my-metric'/,
    );
  });
});
