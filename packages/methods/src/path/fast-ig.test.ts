import { randomReluNetwork, reluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { sampleSum, waveCase } from '../../test/helpers/wave-input.js';
import { fastIg } from './fast-ig.js';
import { integratedGradients } from './integrated-gradients.js';

const { shape, D, x } = waveCase(3, [2, 3, 3]);

/**
 * The same ReLU network without biases (nonnegatively homogeneous, F(a x) = a F(x)) and
 * with them.
 */
function networks() {
  const w = (n: number, scale: number, k: number) =>
    Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k) * scale);
  const weights = { w1: w(12 * D, 0.5, 1), w2: w(4 * 12, 0.4, 2) };
  return {
    homogeneous: reluNetwork(shape, {
      ...weights,
      b1: new Float64Array(12),
      b2: new Float64Array(4),
    }),
    biased: reluNetwork(shape, {
      ...weights,
      b1: Float64Array.from({ length: 12 }, (_, i) => 0.3 * Math.cos(i)),
      b2: Float64Array.from({ length: 4 }, (_, i) => 0.2 * (i - 1.5)),
    }),
  };
}

describe('fast-ig', () => {
  it('equals integrated gradients from zero on a bias-free ReLU network, and is complete', async () => {
    const { homogeneous } = networks();
    const fast = await fastIg.explain(homogeneous, x, { target: [0, 1, 3] });
    expect(fast.shape).toEqual(x.shape);
    const ig = await integratedGradients.explain(homogeneous, x, {
      target: [0, 1, 3],
      steps: 64,
      rule: 'gauss-legendre',
    });
    for (let i = 0; i < fast.data.length; i++) expect(fast.data[i]).toBeCloseTo(ig.data[i]!, 5);
    const logits = await homogeneous.forward(x);
    [0, 1, 3].forEach((t, b) => {
      expect(sampleSum(fast, b)).toBeCloseTo(logits.data[b * 4 + t]!, 4);
    });
  });

  it('differs from integrated gradients once the network has biases', async () => {
    const { biased } = networks();
    const fast = await fastIg.explain(biased, x, { target: [0, 1, 3] });
    const ig = await integratedGradients.explain(biased, x, {
      target: [0, 1, 3],
      steps: 256,
      rule: 'trapezoid',
    });
    let gap = 0;
    for (let i = 0; i < fast.data.length; i++) gap += Math.abs(fast.data[i]! - ig.data[i]!);
    expect(gap).toBeGreaterThan(0.05);
    // It is gradient x input exactly: one vjp per sample, computed here from the Jacobian.
    const D0 = Float64Array.from(x.data.subarray(0, D));
    const jac = biased.derivatives(D0).jacobian;
    for (let i = 0; i < D; i++) expect(fast.data[i]).toBeCloseTo(jac[i]! * D0[i]!, 5);
  });

  it('costs one gradient pass per sample, batched, with progress and abort', async () => {
    const model = randomReluNetwork(shape, 8, 3, 2);
    const events: number[] = [];
    await fastIg.explain(model, x, {
      target: 0,
      maxBatchSize: 2,
      onProgress: (e) => events.push(e.done),
    });
    // Paced chunks of at most 2 samples (the first is one), one vjp each.
    expect(events.at(-1)).toBe(3);
    for (const [i, done] of events.entries()) expect([1, 2]).toContain(done - (events[i - 1] ?? 0));
    expect(model.calls.vjp).toBe(events.length);
    await expectAbortFromProgress(fastIg, model, x, { target: 0, maxBatchSize: 1 });
  });
});
