import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { getMetric, metrics } from '../registry.js';
import { gini, sparseness } from './sparseness.js';

describe('sparseness (Gini index)', () => {
  it('is 0 for a uniform map and (n - 1)/n for a one-hot map', () => {
    expect(gini(Float64Array.from([2, 2, 2, 2]))).toBeCloseTo(0, 12);
    expect(gini(Float64Array.from([0, 0, 5, 0]))).toBeCloseTo(3 / 4, 12);
    expect(gini(new Float64Array(4))).toBe(0);
  });

  it('matches the closed form on a small case, with absolute values and channels merged', async () => {
    // |a| per pixel over two channels: [1+1, 0+2, 3+3] = [2, 2, 6]; sorted 2, 2, 6, total 10.
    const a: Tensor = { data: Float32Array.from([1, 0, -3, -1, 2, 3]), shape: [1, 2, 1, 3] };
    const x: Tensor = { data: new Float32Array(6), shape: [1, 2, 1, 3] };
    const r = await sparseness.evaluate(randomLinearModel([2, 1, 3], 2), x, a, {
      target: 0,
      perPixel: true,
    });
    // G = ((2*1 - 4) * 2 + (2*2 - 4) * 2 + (2*3 - 4) * 6) / (3 * 10) = 8 / 30.
    expect(r.scores[0]).toBeCloseTo(8 / 30, 12);
  });
});

describe('metric registry', () => {
  it('finds each metric by name and rejects unknown names with UNKNOWN_METRIC', () => {
    for (const m of metrics) expect(getMetric(m.name)).toBe(m);
    expect(() => getMetric('nope')).toThrow(
      /insertion, deletion, infidelity, sparseness, flip-ratio.*'nope'/,
    );
    expect(() => getMetric('insertoin')).toThrow("Did you mean 'insertion'?");
  });
});
