/**
 * The input domain reaches the metrics through the context: the black baseline of the
 * insertion/deletion curves and flip ratio's gray fill are the domain's pixel values, the
 * same as with the deprecated per-metric `normalization`, and not those of no domain.
 */
import { type AttributionMetric, createRng, type Tensor } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { getMetric } from './registry.js';

const shape = [3, 8, 8];
const model = randomReluNetwork(shape, 12, 4, 3);
const domain = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const random = (seed: number) => {
  const rng = createRng(seed, 1);
  return Float32Array.from({ length: 192 }, () => rng.normal());
};
const x: Tensor = { data: random(4), shape: [1, ...shape] };
const a: Tensor = { data: random(5), shape: [1, ...shape] };

const cases: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['insertion', { baseline: 'black', pixelsPerStep: 8 }],
  ['deletion', { baseline: 'black', pixelsPerStep: 8 }],
  ['flip-ratio', { fill: 'gray', taus: [0, 50, 100] }],
];

async function scores(metric: AttributionMetric, options: Record<string, unknown>) {
  const r = await metric.evaluate(model, x, a, { target: [1], ...options });
  return { scores: Array.from(r.scores), details: JSON.stringify(r.details) };
}

describe('the input domain', () => {
  it.each(cases)('reaches %s (%j) through the context', async (name, options) => {
    const metric = getMetric(name);
    const viaDomain = await scores(metric, { ...options, domain });
    expect(await scores(metric, { ...options, normalization: domain })).toEqual(viaDomain);
    expect(await scores(metric, options)).not.toEqual(viaDomain);
  });
});

// The catalogue's baselines: 'black' is the domain's black, the same as that image given
// as a tensor, and not the zeros of no domain.
const black: Tensor = {
  data: Float32Array.from({ length: 192 }, (_, i) => {
    const c = Math.floor(i / 64);
    return -domain.mean[c]! / domain.std[c]!;
  }),
  shape,
};
const catalogue: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['completeness', {}],
  ['faithfulness-correlation', { runs: 5, subsetSize: 8 }],
  ['faithfulness-estimate', { featuresInStep: 16 }],
  ['monotonicity', { featuresInStep: 16 }],
  ['selectivity', { patchSize: 4 }],
  ['sensitivity-n', { sizes: 2, subsets: 3 }],
];

describe('the input domain in the catalogue', () => {
  it.each(catalogue)("is black's value for %s's baseline 'black'", async (name, options) => {
    const metric = getMetric(name);
    const viaDomain = await scores(metric, { ...options, baseline: 'black', domain });
    expect(await scores(metric, { ...options, baseline: black })).toEqual(viaDomain);
    expect(await scores(metric, { ...options, baseline: 'black' })).not.toEqual(viaDomain);
  });
});
