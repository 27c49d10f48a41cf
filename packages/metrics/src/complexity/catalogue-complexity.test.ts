import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { complexity } from './complexity.js';
import { effectiveComplexity } from './effective-complexity.js';

const model = randomLinearModel([1, 2, 2], 2);
const x: Tensor = { data: new Float32Array(12), shape: [3, 1, 2, 2] };
// Sample 0 uniform, sample 1 one-hot, sample 2 |a| = [1, 1, 2, 0] (negative entries count by size).
const a: Tensor = {
  data: Float32Array.from([2, 2, 2, 2, 0, 0, 5, 0, 1, -1, -2, 0]),
  shape: x.shape,
};

describe('complexity (Bhatt et al.)', () => {
  it('is ln(n) for a uniform map, 0 for a one-hot map, and the entropy of |a| / sum |a| otherwise', async () => {
    const r = await complexity.evaluate(model, x, a, { target: 0 });
    expect(r.scores[0]).toBeCloseTo(Math.log(4), 12);
    expect(r.scores[1]).toBe(0);
    expect(r.scores[2]).toBeCloseTo(-(2 * 0.25 * Math.log(0.25) + 0.5 * Math.log(0.5)), 12);
  });
});

describe('effective complexity (Nguyen and Martinez)', () => {
  it('counts the entries above eps', async () => {
    const r = await effectiveComplexity.evaluate(model, x, a, { target: 0 });
    expect(Array.from(r.scores)).toEqual([4, 1, 3]);
    const high = await effectiveComplexity.evaluate(model, x, a, { target: 0, eps: 1.5 });
    expect(Array.from(high.scores)).toEqual([4, 1, 1]);
    await expect(effectiveComplexity.evaluate(model, x, a, { target: 0, eps: -1 })).rejects.toThrow(
      /Expected a number >= 0 for option 'eps' of 'effective-complexity'/,
    );
  });
});
