import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { noisyWeights, reluLogitGradient } from '../../test/helpers/noise-grad-draws.js';
import { D, noisyNetwork, shape, x } from '../../test/helpers/weight-noise-case.js';
import { gradient } from '../gradient/gradient.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { noiseGrad } from './noise-grad.js';

describe('noise-grad', () => {
  it('with sigma = 0 is the plain explanation (gradient, integrated gradients)', async () => {
    const model = noisyNetwork();
    const ng = await noiseGrad.explain(model, x, { target: [2, 0], sigma: 0, models: 3 });
    const g = await gradient.explain(model, x, { target: [2, 0] });
    for (let i = 0; i < g.data.length; i++) expect(ng.data[i]).toBeCloseTo(g.data[i]!, 6);
    const ngIg = await noiseGrad.explain(model, x, {
      target: 1,
      sigma: 0,
      models: 2,
      inner: 'integrated-gradients',
      steps: 9,
    });
    const ig = await integratedGradients.explain(model, x, { target: 1, steps: 9 });
    for (let i = 0; i < ig.data.length; i++) expect(ngIg.data[i]).toBeCloseTo(ig.data[i]!, 6);
    expect(model.variants).toEqual({ made: 5, disposed: 5 });
  });

  it('is the mean gradient over models with multiplicative weight noise, drawn here', async () => {
    const model = noisyNetwork();
    const seed = 7;
    const sigma = 0.3;
    const N = 4;
    const ng = await noiseGrad.explain(model, x, {
      target: [2, 0],
      sigma,
      models: N,
      seed,
      maxBatchSize: 1,
    });
    // Independent: redraw each model's weights and take the Jacobian row of the target.
    const want = new Float64Array(2 * D);
    for (let i = 0; i < N; i++) {
      const weights = noisyWeights(model, seed, i, sigma);
      [2, 0].forEach((t, b) => {
        const g = reluLogitGradient(weights, x.data.subarray(b * D, (b + 1) * D), t);
        for (let j = 0; j < D; j++) want[b * D + j]! += g[j]! / N;
      });
    }
    for (let i = 0; i < want.length; i++) expect(ng.data[i]).toBeCloseTo(want[i]!, 5);
    // The noise does change the map.
    const plain = await gradient.explain(model, x, { target: [2, 0] });
    let diff = 0;
    for (let i = 0; i < want.length; i++) diff += Math.abs(plain.data[i]! - ng.data[i]!);
    expect(diff).toBeGreaterThan(0.01);
  });

  it('is seeded: same seed, same map; another seed, another map', async () => {
    const model = noisyNetwork();
    const opts = { target: 'predicted' as const, models: 3 };
    const a = await noiseGrad.explain(model, x, { ...opts, seed: 3 });
    const b = await noiseGrad.explain(model, x, { ...opts, seed: 3 });
    const c = await noiseGrad.explain(model, x, { ...opts, seed: 4 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });

  it('reports progress over all models, honours the signal, and names the missing capability', async () => {
    const model = noisyNetwork();
    const events: Array<[number, number]> = [];
    await noiseGrad.explain(model, x, {
      target: 0,
      models: 3,
      maxBatchSize: 1,
      onProgress: (e) => events.push([e.done, e.total]),
    });
    expect(events).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, 6]));
    await expectAbortFromProgress(noiseGrad, model, x, { target: 0, maxBatchSize: 1 });
    expect(model.variants.made).toBe(model.variants.disposed);
    await expect(
      noiseGrad.explain(randomReluNetwork(shape, 10, 3, 4), x, { target: 0 }),
    ).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: /withWeightNoise/ });
    await expect(noiseGrad.explain(model, x, { target: 0, sigma: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
