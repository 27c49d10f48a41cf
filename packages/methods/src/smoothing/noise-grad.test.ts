import { createRng, type Tensor } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { randomNoisyReluNetwork } from '../../test/noisy-relu-network.js';
import { gradient } from '../gradient/gradient.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { NOISE_GRAD_STREAM, noiseGrad } from './noise-grad.js';

const shape = [2, 2, 3];
const D = 12;
const x: Tensor = {
  data: Float32Array.from({ length: 2 * D }, (_, i) => Math.cos(0.7 * i) + 0.2),
  shape: [2, ...shape],
};

describe('noise-grad', () => {
  it('with sigma = 0 is the plain explanation (gradient, integrated gradients)', async () => {
    const model = randomNoisyReluNetwork(shape, 10, 3, 4);
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
    const model = randomNoisyReluNetwork(shape, 10, 3, 4);
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
      const rng = createRng(seed, NOISE_GRAD_STREAM + i);
      const noisy = (w: Float64Array) => w.map((v) => v * (1 + sigma * rng.normal()));
      // Drawn in the model's order w1, b1, w2 (b2 does not enter the gradient).
      const n1 = noisy(model.weights.w1);
      const nb1 = noisy(model.weights.b1);
      const n2 = noisy(model.weights.w2);
      [2, 0].forEach((t, b) => {
        const xb = Float64Array.from(x.data.subarray(b * D, (b + 1) * D));
        for (let h = 0; h < 10; h++) {
          let z = nb1[h]!;
          for (let j = 0; j < D; j++) z += n1[h * D + j]! * xb[j]!;
          if (z <= 0) continue;
          for (let j = 0; j < D; j++) want[b * D + j]! += (n2[t * 10 + h]! * n1[h * D + j]!) / N;
        }
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
    const model = randomNoisyReluNetwork(shape, 10, 3, 4);
    const opts = { target: 'predicted' as const, models: 3 };
    const a = await noiseGrad.explain(model, x, { ...opts, seed: 3 });
    const b = await noiseGrad.explain(model, x, { ...opts, seed: 3 });
    const c = await noiseGrad.explain(model, x, { ...opts, seed: 4 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });

  it('reports progress over all models, honours the signal, and names the missing capability', async () => {
    const model = randomNoisyReluNetwork(shape, 10, 3, 4);
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
