import type { Tensor } from '@xai/core';
import { oneClassLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { completeness } from './completeness.js';
import { nonSensitivity } from './non-sensitivity.js';

// One channel 3 x 3, class 0 ignores pixels 2 and 7.
const w0 = Float64Array.from([0.5, -1, 0, 2, 0.3, -0.7, 1.1, 0, 0.9]);
const model = oneClassLinearModel([1, 3, 3], w0, 0.2);
const x: Tensor = {
  data: Float32Array.from([1, 2, 3, -1, 0.5, 2, -2, 1, 0.25]),
  shape: [1, 1, 3, 3],
};

/** Integrated gradients from the zero baseline with `steps` midpoint steps: exact on a linear model. */
async function integratedGradients(steps: number): Promise<Tensor> {
  const out = new Float32Array(9);
  for (let k = 0; k < steps; k++) {
    const alpha = (k + 0.5) / steps;
    const { grad } = await model.vjp(
      { data: x.data.map((v) => alpha * v), shape: x.shape },
      { data: Float32Array.from([1, 0]), shape: [1, 2] },
    );
    for (let i = 0; i < 9; i++) out[i]! += (x.data[i]! * grad.data[i]!) / steps;
  }
  return { data: out, shape: x.shape };
}

describe('completeness', () => {
  it('is ~0 for integrated gradients on a linear model, and the exact gap for another map', async () => {
    const r = await completeness.evaluate(model, x, await integratedGradients(64), { target: 0 });
    expect(r.scores[0]).toBeLessThan(1e-5);
    const ones: Tensor = { data: new Float32Array(9).fill(1), shape: x.shape };
    const g = await completeness.evaluate(model, x, ones, { target: 0 });
    const diff = w0.reduce((s, w, i) => s + w * x.data[i]!, 0);
    expect(g.scores[0]).toBeCloseTo(Math.abs(9 - diff), 5);
    expect((g.details!.outputDifference as Float64Array)[0]).toBeCloseTo(diff, 5);
  });
});

describe('non-sensitivity', () => {
  it('is 0 when exactly the ignored pixels get no attribution, and counts each violation', async () => {
    const exact: Tensor = { data: x.data.map((v, i) => v * w0[i]!), shape: x.shape };
    const r = await nonSensitivity.evaluate(model, x, exact, { target: 0, samples: 5 });
    expect(r.scores[0]).toBe(0);
    // All ones: the two ignored pixels are attributed (2 violations).
    const ones: Tensor = { data: new Float32Array(9).fill(1), shape: x.shape };
    expect(
      (await nonSensitivity.evaluate(model, x, ones, { target: 0, samples: 5 })).scores[0],
    ).toBe(2);
    // Zero on pixel 0 too: one more violation (pixel 0 moves the score).
    const missing: Tensor = { data: exact.data.map((v, i) => (i === 0 ? 0 : v)), shape: x.shape };
    expect(
      (await nonSensitivity.evaluate(model, x, missing, { target: 0, samples: 5 })).scores[0],
    ).toBe(1);
  });
});
