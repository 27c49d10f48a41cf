import type { Classifier, Model, Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { inputInvariance } from './input-invariance.js';

const model = randomLinearModel([1, 2, 2], 2, 5);
const x: Tensor = { data: Float32Array.from([0.2, 0.4, 0.6, 0.8]), shape: [1, 1, 2, 2] };
const u: Tensor = { data: Float32Array.from([1, 0]), shape: [1, 2] };
const gradient = async (t: Tensor, m: Classifier = model) => (await (m as Model).vjp(t, u)).grad;
const gradientTimesInput = async (t: Tensor, m: Classifier = model) => {
  const g = await gradient(t, m);
  return { data: g.data.map((v, i) => v * t.data[i]!), shape: t.shape };
};

describe('input invariance', () => {
  it('is 0 for the gradient, which the shift cannot change', async () => {
    const r = await inputInvariance.evaluate(model, x, await gradient(x), {
      target: 0,
      explain: gradient,
    });
    expect(r.scores[0]).toBeCloseTo(0, 6);
  });

  it('is ||w c||_1 / ||w x||_1 for gradient x input, which the shift does change', async () => {
    const a = await gradientTimesInput(x);
    const r = await inputInvariance.evaluate(model, x, a, {
      target: 0,
      explain: gradientTimesInput,
      shift: -1,
    });
    const w = (await gradient(x)).data;
    const want =
      w.reduce((s, v) => s + Math.abs(v), 0) / a.data.reduce((s, v) => s + Math.abs(v), 0);
    expect(r.scores[0]).toBeCloseTo(want, 5);
    expect(r.higherIsBetter).toBe(false);
  });
});
