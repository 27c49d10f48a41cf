/** The data bounds the normalisation implies (the baselines are core's, tested there). */
import type { Tensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { elementBounds } from './bounds.js';

describe('bounds', () => {
  const x: Tensor = {
    data: Float32Array.from({ length: 2 * 2 * 2 * 2 }, (_, i) => i / 10 - 0.5),
    shape: [2, 2, 2, 2],
  };
  const normalization = { mean: [0.5, 0.25], std: [0.5, 0.25] };

  it('bounds: given, from the normalisation, or the sample range', () => {
    const given = elementBounds(x, 0, { min: [0, 1], max: 5 });
    expect([...given.lo]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...given.hi]).toEqual(new Array(8).fill(5));
    const fromNorm = elementBounds(x, 0, undefined, normalization);
    expect([...fromNorm.hi]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    const own = elementBounds(x, 1);
    expect(own.lo[0]).toBeCloseTo(0.3, 6);
    expect(own.hi[7]).toBeCloseTo(1.0, 6);
    expect(() => elementBounds(x, 0, { min: 1, max: 0 })).toThrow(/min < max/);
    expect(() => elementBounds(x, 0, { min: [0, 0, 0], max: 1 })).toThrow(/1 or 2 values/);
  });
});
