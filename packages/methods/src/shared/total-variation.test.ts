import { describe, expect, it } from 'vitest';
import { addTotalVariationGradient, totalVariation } from './total-variation.js';

describe('total variation', () => {
  it('is the mean squared vertical plus mean squared horizontal difference', () => {
    // [[0, 1], [3, 1]]: vertical diffs 3, 0 -> mean 4.5; horizontal 1, -2 -> mean 2.5.
    expect(totalVariation(Float64Array.of(0, 1, 3, 1), 2, 2)).toBeCloseTo(7, 12);
    expect(totalVariation(Float64Array.of(0, 1, 3, 1), 2, 2, 1)).toBeCloseTo(1.5 + 1.5, 12);
    expect(totalVariation(Float64Array.of(5, 7, 9), 1, 3)).toBeCloseTo(4, 12); // no vertical diffs
  });

  it.each([
    [2, 3, 4],
    [1.5, 4, 3],
    [1, 3, 3],
  ])('has the gradient of central differences (beta %f, %i x %i)', (beta, h, w) => {
    const m = Float64Array.from({ length: h * w }, (_, i) => Math.sin(1.3 * i + 0.2) * 0.5 + 0.5);
    const g = new Float64Array(h * w);
    addTotalVariationGradient(m, h, w, g, beta, 2.5);
    const e = 1e-6;
    for (let i = 0; i < h * w; i++) {
      const up = Float64Array.from(m);
      const dn = Float64Array.from(m);
      up[i]! += e;
      dn[i]! -= e;
      const fd =
        (2.5 * (totalVariation(up, h, w, beta) - totalVariation(dn, h, w, beta))) / (2 * e);
      expect(g[i]).toBeCloseTo(fd, 6);
    }
  });
});
