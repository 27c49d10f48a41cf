import { fillNormal, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { infidelity, meanSquaredGap } from './infidelity.js';

// Linear logits: f(x) - f(x - I) = I . w_t exactly, so phi = w_t is perfectly faithful.
const shape = [2, 3, 3];
const D = 18;
const weights = Float64Array.from({ length: 3 * D }, (_, i) => Math.sin(1.1 * i));
const model = linearModel(shape, weights, Float64Array.from([0.1, -0.2, 0.3]));
const x: Tensor = {
  data: Float32Array.from({ length: 2 * D }, (_, i) => Math.cos(0.4 * i)),
  shape: [2, ...shape],
};
const rowOf = (t: number) => Float32Array.from(weights.subarray(t * D, (t + 1) * D));
const gradients: Tensor = {
  data: Float32Array.from([...rowOf(1), ...rowOf(2)]),
  shape: [2, ...shape],
};
const base = { target: [1, 2], score: 'logit' as const, samples: 20, seed: 5 };

describe('infidelity', () => {
  it('is zero for the exact gradient of a linear model, Gaussian or square perturbations', async () => {
    for (const perturbation of ['gaussian', 'square'] as const) {
      const r = await infidelity.evaluate(model, x, gradients, {
        ...base,
        perturbation,
        normalize: false,
      });
      for (const s of r.scores) expect(s).toBeLessThan(1e-9);
      expect(r.higherIsBetter).toBe(false);
    }
  });

  it('scores a doubled gradient by E[(I . w)^2], and optimal scaling forgives the factor', async () => {
    const doubled: Tensor = { data: gradients.data.map((v) => 2 * v), shape: gradients.shape };
    const plain = await infidelity.evaluate(model, x, doubled, { ...base, normalize: false });
    const scaled = await infidelity.evaluate(model, x, doubled, { ...base, normalize: true });
    for (let b = 0; b < 2; b++) {
      // The same draws, made here independently: stream = sample index, sigma 0.2.
      const z = fillNormal(new Float32Array(20 * D), 5, b);
      let want = 0;
      for (let j = 0; j < 20; j++) {
        let iw = 0;
        for (let i = 0; i < D; i++) iw += 0.2 * z[j * D + i]! * gradients.data[b * D + i]!;
        want += iw * iw;
      }
      expect(plain.scores[b]).toBeCloseTo(want / 20, 4);
      expect(scaled.scores[b]).toBeLessThan(1e-9);
    }
  });

  it('is deterministic for a seed and changes with it', async () => {
    const noisy: Tensor = {
      data: gradients.data.map((v, i) => v + Math.sin(i)),
      shape: gradients.shape,
    };
    const a = await infidelity.evaluate(model, x, noisy, { ...base });
    const b = await infidelity.evaluate(model, x, noisy, { ...base });
    const c = await infidelity.evaluate(model, x, noisy, { ...base, seed: 6 });
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    expect(c.scores[0]).not.toBe(a.scores[0]);
  });

  it('meanSquaredGap finds the least-squares scale', () => {
    const a = Float64Array.from([1, 2, 3]);
    expect(meanSquaredGap(a, Float64Array.from([3, 6, 9]), true)).toBeCloseTo(0, 12);
    expect(meanSquaredGap(a, Float64Array.from([3, 6, 9]), false)).toBeCloseTo(
      (4 + 16 + 36) / 3,
      12,
    );
  });

  it('rejects bad options with the culprit named', async () => {
    await expect(
      infidelity.evaluate(model, x, gradients, { ...base, samples: 0 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      infidelity.evaluate(model, x, gradients, { ...base, perturbation: 'square', squareSize: 9 }),
    ).rejects.toThrow(/squareSize.*\[1, 3\].*9/);
  });
});
