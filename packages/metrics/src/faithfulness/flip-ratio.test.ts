import type { Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { flipRatio } from './flip-ratio.js';

// Class 0 wins (logit 4 x0 - 2 > 0) exactly while element 0 is kept at 1.
const model = linearModel(
  [1, 2, 2],
  Float64Array.from([4, 0, 0, 0, 0, 0, 0, 0]),
  Float64Array.from([-2, 0]),
);
const x: Tensor = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
const taus = [0, 25, 50, 75, 100];

describe('flip ratio', () => {
  it('flips the lowest-scored elements first: a map that keeps element 0 survives until tau = 100', async () => {
    const good: Tensor = { data: Float32Array.from([4, 0, 0, 0]), shape: [1, 1, 2, 2] };
    const r = await flipRatio.evaluate(model, x, good, { target: 'predicted', taus, fill: 0 });
    expect(Array.from((r.details!.changed as Tensor).data)).toEqual([0, 0, 0, 0, 1]);
    expect(r.scores[0]).toBeCloseTo(1 / 5, 12);
  });

  it('a map that ranks element 0 lowest flips the prediction from tau = 25', async () => {
    const bad: Tensor = { data: Float32Array.from([-1, 1, 1, 1]), shape: [1, 1, 2, 2] };
    const r = await flipRatio.evaluate(model, x, bad, { target: 'predicted', taus, fill: 0 });
    expect(Array.from((r.details!.changed as Tensor).data)).toEqual([0, 1, 1, 1, 1]);
    expect(r.higherIsBetter).toBe(false);
  });

  it('breaks ties by index and fills with gray through the normalisation', async () => {
    // All scores tie, so element 0 goes first; gray with mean 0.5 is exactly 0.
    const flat: Tensor = { data: new Float32Array(4), shape: [1, 1, 2, 2] };
    const r = await flipRatio.evaluate(model, x, flat, {
      target: 'predicted',
      taus,
      normalization: { mean: [0.5], std: [0.25] },
    });
    expect(Array.from((r.details!.changed as Tensor).data)).toEqual([0, 1, 1, 1, 1]);
  });

  it('rejects taus out of order or range', async () => {
    const a: Tensor = { data: new Float32Array(4), shape: [1, 1, 2, 2] };
    await expect(
      flipRatio.evaluate(model, x, a, { target: 0, taus: [50, 10] }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(flipRatio.evaluate(model, x, a, { target: 0, taus: [0, 120] })).rejects.toThrow(
      /\[0, 120\]/,
    );
  });
});
