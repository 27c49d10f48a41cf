import { describe, expect, it } from 'vitest';
import { pearson } from './correlation.js';

describe('pearson', () => {
  it('is 1 for an increasing affine map, -1 for a decreasing one, 0 when a side is constant', () => {
    const a = [0.3, -1.2, 2.5, 0, 4.1];
    expect(
      pearson(
        a,
        a.map((v) => 3 * v + 2),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      pearson(
        a,
        a.map((v) => -0.5 * v + 1),
      ),
    ).toBeCloseTo(-1, 12);
    expect(pearson(a, [2, 2, 2, 2, 2])).toBe(0);
    expect(pearson([7, 7, 7], [1, 2, 3])).toBe(0);
  });

  it('matches the definition on a hand-computed case', () => {
    // x = [1, 2, 3, 4], y = [2, 1, 4, 3]: both means 2.5, so the centred products sum to
    // 4 · 0.75 = 3 and each side's squares to 5: r = 3 / sqrt(5 · 5) = 0.6.
    expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
  });
});
