/**
 * The input domain reaches the methods through the context: for every method that steps,
 * clips or builds a baseline in pixel units (BIG, AGI, MFABA, the black and white
 * baselines, AdaptGrad's bounds) `domain` gives the same map as the deprecated per-method
 * `normalization` and a different one from no domain at all; two different ones are an error.
 */

import { type AttributionMethod, createRng, type Tensor, XaiError } from '@xai/core';
import { randomReluWeights } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { noisyReluNetwork } from '../../test/noisy-relu-network.js';
import { getMethod } from '../registry.js';

const shape = [3, 6, 6];
const model = noisyReluNetwork(shape, randomReluWeights(shape, 12, 4, 3));
const domain = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
// Pixels in [0.3, 0.7] through the domain, as --preprocess makes inputs; short of the
// pixel range, so bounds taken from the sample (no domain) differ from the domain's.
const x: Tensor = (() => {
  const rng = createRng(11, 1);
  const plane = 36;
  const data = Float32Array.from({ length: 108 }, (_, i) => {
    const c = Math.floor(i / plane);
    return (0.3 + 0.4 * rng.uniform() - domain.mean[c]!) / domain.std[c]!;
  });
  return { data, shape: [1, ...shape] };
})();

const cases: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['big', { attackSteps: 5, steps: 8 }],
  ['agi', { maxIter: 5 }],
  ['mfaba', { steps: 10, stepSize: 0.01 }],
  ['integrated-gradients', { baseline: 'black', steps: 8 }],
  ['integrated-gradients', { baseline: 'white', steps: 8 }],
  ['smooth-grad', { inner: 'integrated-gradients', baseline: 'white', steps: 4, samples: 3 }],
  ['guided-ig', { baseline: 'black', steps: 8 }],
  ['noise-grad', { inner: 'integrated-gradients', baseline: 'black', steps: 4, models: 2 }],
  ['adapt-grad', { samples: 4 }],
];

async function map(method: AttributionMethod, options: Record<string, unknown>) {
  const a = await method.explain(model as never, x, { target: 1, seed: 2, ...options });
  return Array.from(a.data);
}

describe('the input domain', () => {
  it.each(cases)('reaches %s (%j) through the context', async (name, options) => {
    const method = getMethod(name);
    const viaDomain = await map(method, { ...options, domain });
    expect(await map(method, { ...options, normalization: domain })).toEqual(viaDomain);
    const without = await map(method, options);
    const moved = viaDomain.reduce((s, v, i) => s + Math.abs(v - without[i]!), 0);
    expect(moved).toBeGreaterThan(1e-6);
  });

  it('rejects a normalization that contradicts the domain', async () => {
    const e = await getMethod('mfaba')
      .explain(model as never, x, {
        target: 1,
        domain,
        normalization: { mean: [0], std: [1] },
      })
      .catch((err: unknown) => err);
    expect(XaiError.isInstance(e) && e.code).toBe('INVALID_ARGUMENT');
  });
});
