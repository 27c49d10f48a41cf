import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { saliency } from './saliency.js';

describe('saliency', () => {
  it('is the channel maximum of |W_t| for a linear model, repeated over channels', async () => {
    const shape = [3, 2, 2];
    const model = randomLinearModel(shape, 4, 9);
    const x: Tensor = {
      data: Float32Array.from({ length: 12 }, (_, i) => i / 12),
      shape: [1, ...shape],
    };
    const s = await saliency.explain(model, x, { target: 1 });
    const w = model.derivatives(new Float64Array(12)).jacobian.subarray(12, 24); // row of class 1
    for (let p = 0; p < 4; p++) {
      const want = Math.max(Math.abs(w[p]!), Math.abs(w[4 + p]!), Math.abs(w[8 + p]!));
      for (let c = 0; c < 3; c++) expect(s.data[c * 4 + p]).toBeCloseTo(want, 6);
    }
  });
});
