import {
  type DenseAnalyticModel,
  randomLinearModel,
  randomReluNetwork,
  randomTanhModel,
} from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { sampleSum, waveCase } from '../../test/helpers/wave-input.js';
import { guidedIg } from './guided-ig.js';
import { integratedGradients } from './integrated-gradients.js';

const { shape, D, x } = waveCase(2, [2, 3, 3]);

/** z_k = 2 tanh(3 w_k . x): smooth and far from linear along any path. */
const tanhModel = (seed: number) => randomTanhModel(shape, 3, seed, { amplitude: 2, gain: 3 });

async function gap(model: DenseAnalyticModel, t: number, baseline = 0): Promise<number[]> {
  const fx = await model.forward(x);
  const f0 = await model.forward({ data: new Float32Array(2 * D).fill(baseline), shape: x.shape });
  return [0, 1].map((b) => fx.data[b * 3 + t]! - f0.data[b * 3 + t]!);
}

describe('guided-ig', () => {
  it('is w * (x - b) exactly on a linear model, whatever path it takes', async () => {
    const model = randomLinearModel(shape, 3, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    for (const [fraction, maxDist] of [
      [0.25, 1],
      [0.1, 0.02],
      [1, 1],
    ] as const) {
      const a = await guidedIg.explain(model, x, {
        target: 1,
        steps: 16,
        fraction,
        maxDist,
        baseline: 0.5,
      });
      for (let i = 0; i < 2 * D; i++) {
        expect(a.data[i]).toBeCloseTo(w[D + (i % D)]! * (x.data[i]! - 0.5), 5);
      }
    }
  });

  it('is integrated gradients with the left Riemann sum when the path is the straight line', async () => {
    const model = tanhModel(3);
    const ig = await integratedGradients.explain(model, x, {
      target: 2,
      steps: 20,
      rule: 'left',
    });
    for (const straight of [{ maxDist: 0 }, { fraction: 1, maxDist: 1 }]) {
      const g = await guidedIg.explain(model, x, { target: 2, steps: 20, ...straight });
      for (let i = 0; i < 2 * D; i++) expect(g.data[i]).toBeCloseTo(ig.data[i]!, 5);
    }
  });

  it('is complete up to the path discretisation, and differs from IG on a nonlinear model', async () => {
    const model = tanhModel(3);
    const want = await gap(model, 0);
    const errors = [];
    for (const steps of [16, 256]) {
      const g = await guidedIg.explain(model, x, { target: 0, steps });
      errors.push(Math.max(...[0, 1].map((b) => Math.abs(sampleSum(g, b) - want[b]!))));
    }
    expect(errors[1]!).toBeLessThan(0.025 * Math.max(...want.map(Math.abs)));
    expect(errors[1]!).toBeLessThan(errors[0]!);
    const g = await guidedIg.explain(model, x, { target: 0, steps: 64 });
    const ig = await integratedGradients.explain(model, x, { target: 0, steps: 64, rule: 'left' });
    let diff = 0;
    for (let i = 0; i < 2 * D; i++) diff += Math.abs(g.data[i]! - ig.data[i]!);
    expect(diff).toBeGreaterThan(0.05);
  });

  it('takes one batched gradient pass per step, with progress and abort', async () => {
    const model = randomReluNetwork(shape, 8, 3, 2);
    const events: number[] = [];
    const a = await guidedIg.explain(model, x, {
      target: 'predicted',
      steps: 5,
      onProgress: (e) => events.push(e.done),
    });
    expect(a.data.every(Number.isFinite)).toBe(true);
    expect(events).toEqual([1, 2, 3, 4, 5]);
    expect(model.calls.vjp).toBe(5);
    const zero = await guidedIg.explain(model, x, { target: 0, steps: 3, baseline: x });
    expect(zero.data.every((v) => v === 0)).toBe(true);
    await expectAbortFromProgress(guidedIg, model, x, { target: 0 });
    await expect(guidedIg.explain(model, x, { target: 0, fraction: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
