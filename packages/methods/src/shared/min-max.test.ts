import { describe, expect, it } from 'vitest';
import { minMaxNormalize, valueRange } from './min-max.js';

describe('minMaxNormalize', () => {
  it('maps the minimum to 0 and the maximum to 1, linearly', () => {
    expect(Array.from(minMaxNormalize([2, 4, 3, 10]))).toEqual([0, 0.25, 0.125, 1]);
  });
  it('puts a set without range at the degenerate value (default 1)', () => {
    expect(Array.from(minMaxNormalize([3]))).toEqual([1]);
    expect(Array.from(minMaxNormalize([2, 2], 0.5))).toEqual([0.5, 0.5]);
    expect(minMaxNormalize([]).length).toBe(0);
  });
});

describe('valueRange', () => {
  it('is the least and the greatest value, and the empty range of no values', () => {
    expect(valueRange(Float32Array.of(0.5, -2, 3, 3, -0.25))).toEqual({ lo: -2, hi: 3 });
    expect(valueRange([7])).toEqual({ lo: 7, hi: 7 });
    expect(valueRange([])).toEqual({
      lo: Number.POSITIVE_INFINITY,
      hi: Number.NEGATIVE_INFINITY,
    });
  });
});
