import { describe, expect, it } from 'vitest';
import { softThreshold } from './soft-threshold.js';

describe('softThreshold', () => {
  it('shrinks each element towards zero by t and zeroes those within [-t, t]', () => {
    const v = [-3, -1, -0.5, 0, 0.5, 1, 2.5];
    const out = softThreshold(v, 1);
    expect(Array.from(out)).toEqual([-2, 0, 0, 0, 0, 0, 1.5]);
  });

  it('is the minimiser of t|z| + (z - v)^2 / 2, checked on a grid', () => {
    for (const v of [-2.3, -0.4, 0.1, 0.9, 3]) {
      const t = 0.7;
      let best = 0;
      let bestValue = Number.POSITIVE_INFINITY;
      for (let z = -4; z <= 4; z += 1e-4) {
        const value = t * Math.abs(z) + 0.5 * (z - v) ** 2;
        if (value < bestValue) {
          bestValue = value;
          best = z;
        }
      }
      expect(softThreshold([v], t)[0]).toBeCloseTo(best, 3);
    }
  });

  it('is the identity for t = 0 and writes into the given output', () => {
    const out = new Float64Array(3);
    const r = softThreshold([1, -2, 3], 0, out);
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual([1, -2, 3]);
  });
});
