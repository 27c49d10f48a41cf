/**
 * SmoothGrad and AdaptGrad around NoiseGrad (`weightNoise`), the AdaptGrad paper's S-NG
 * and A-NG: the smoothed map averaged over models with multiplicative weight noise.
 */
import { createRng } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { noisyNetwork, shape, x } from '../../test/helpers/weight-noise-case.js';
import { adaptGrad } from './adapt-grad.js';
import { NOISE_GRAD_STREAM } from './noise-grad.js';
import { smoothGrad } from './smooth-grad.js';

describe.each([
  ['smooth-grad', smoothGrad],
  ['adapt-grad', adaptGrad],
] as const)('%s with weightNoise (NoiseGrad inside)', (name, method) => {
  // AdaptGrad's data bounds; SmoothGrad has no such option (an unknown key is an error).
  const bounds = name === 'adapt-grad' ? { bounds: { min: -1, max: 1.5 } } : {};
  const base = { target: [2, 0], samples: 6, seed: 5, ...bounds } as const;

  it('with weight sigma 0 is the plain method of the same seed, for every inner map', async () => {
    const model = noisyNetwork();
    for (const inner of ['gradient', 'gradient-x-input', 'integrated-gradients'] as const) {
      const o = { ...base, inner, steps: 5 };
      const plain = await method.explain(model, x, o);
      const ng = await method.explain(model, x, { ...o, weightNoise: { models: 3, sigma: 0 } });
      for (let i = 0; i < plain.data.length; i++) {
        expect(ng.data[i], `${inner} ${i}`).toBeCloseTo(plain.data[i]!, 6);
      }
    }
    expect(model.variants.made).toBe(9);
    expect(model.variants.disposed).toBe(9);
  });

  it('with weight sigma > 0 is the mean of the plain method over the noisy models, seeded', async () => {
    const model = noisyNetwork();
    const o = { ...base, weightNoise: { models: 3, sigma: 0.3 } };
    const a = await method.explain(model, x, o);
    const again = await method.explain(model, x, o);
    expect(a.data).toEqual(again.data);
    const other = await method.explain(model, x, { ...o, seed: 6 });
    expect(a.data).not.toEqual(other.data);
    const plain = await method.explain(model, x, base);
    let diff = 0;
    for (let i = 0; i < a.data.length; i++) diff += Math.abs(a.data[i]! - plain.data[i]!);
    expect(diff).toBeGreaterThan(0.01);
    // Independently: the plain method on each noisy model (NoiseGrad's streams), averaged.
    const want = new Float64Array(a.data.length);
    for (let k = 0; k < 3; k++) {
      const noisy = await model.withWeightNoise({
        sigma: 0.3,
        seed: 5,
        stream: NOISE_GRAD_STREAM + k,
      });
      const e = await method.explain(noisy, x, base);
      for (let i = 0; i < want.length; i++) want[i]! += e.data[i]! / 3;
    }
    for (let i = 0; i < want.length; i++) expect(a.data[i]).toBeCloseTo(want[i]!, 5);
    // The weights really were drawn from the seed: a fresh draw of the first model matches.
    const rng = createRng(5, NOISE_GRAD_STREAM);
    const first = await model.withWeightNoise({ sigma: 0.3, seed: 5, stream: NOISE_GRAD_STREAM });
    expect(first.weights.w1[0]).toBeCloseTo(model.weights.w1[0]! * (1 + 0.3 * rng.normal()), 12);
  });

  it('names the missing capability when the model has no weight noise', async () => {
    const model = randomReluNetwork(shape, 10, 3, 4);
    await expect(
      method.explain(model, x, { ...base, weightNoise: { models: 2, sigma: 0.2 } }),
    ).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringMatching(new RegExp(`withWeightNoise for ${name}`)),
    });
  });

  it('rejects a malformed weightNoise', async () => {
    const model = noisyNetwork();
    await expect(
      method.explain(model, x, { ...base, weightNoise: 0.2 as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      method.explain(model, x, { ...base, weightNoise: { models: 0, sigma: 0.2 } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      method.explain(model, x, { ...base, weightNoise: { models: 2, sigma: -1 } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
