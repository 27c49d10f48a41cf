import {
  createRng,
  emptyMeter,
  type Model,
  meteredModel,
  sliceBatch,
  type Tensor,
} from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { runInvariantPerturbation } from './invariant-perturbation.js';
import { runMeaningfulPerturbation } from './meaningful-perturbation.js';

// The iterative perturbation methods carry the rows of all samples in one pass per step: a
// sample's map must not depend on its batch (bitwise: every quantity is per sample and the
// analytic network computes each row alone), and B samples cost the passes of one.
const shape = [2, 6, 6];
const B = 3;
const net = randomReluNetwork(shape, 16, 4, 9);
const rng = createRng(4, 2);
const x: Tensor = {
  data: Float32Array.from({ length: B * 72 }, () => rng.normal()),
  shape: [B, ...shape],
};
const target = [0, 2, 3];

type Run = (
  model: Model,
  x: Tensor,
  options: Record<string, unknown>,
  firstSample?: number,
) => Promise<Tensor>;

const methods: Array<[string, Run, Array<Record<string, unknown>>]> = [
  [
    'invariant-perturbation',
    async (m, t, o, first) => (await runInvariantPerturbation(m, t, o as never, first)).attribution,
    [
      { preset: 'paper', samples: 4, steps: 15, learningRate: 0.2, upperBound: 3 },
      { preset: 'reference-code', samples: 4, steps: 15, learningRate: 0.2, upperBound: 3 },
    ],
  ],
  [
    'meaningful-perturbation',
    (m, t, o, first) => runMeaningfulPerturbation(m, t, o as never, first),
    [
      { preset: 'paper', maskSize: 3, iterations: 12, blurSize: 3, blurSigma: 1 },
      { preset: 'reference-code', maskSize: 3, iterations: 12, blurSize: 3 },
    ],
  ],
];

describe.each(methods)('%s batches the rows of all samples', (_name, run, presets) => {
  it.each(presets)('$preset: each sample of a batch gets its map alone, bitwise', async (p) => {
    const options = { ...p, target, seed: 5 };
    const batch = await run(net, x, options);
    const d = batch.data.length / B;
    let moved = 0;
    for (let b = 0; b < B; b++) {
      const alone = await run(net, sliceBatch(x, b, b + 1), { ...options, target: [target[b]] }, b);
      expect(Array.from(batch.data.subarray(b * d, (b + 1) * d))).toEqual(Array.from(alone.data));
      moved += alone.data.filter((v) => v !== 0).length;
    }
    // The optimisation really moved (a map of zeros would match trivially).
    expect(moved).toBeGreaterThan(B * 4);
  });

  it.each(presets)(
    '$preset: B samples cost the passes of one; maxBatchSize 1 the same map',
    async (p) => {
      const options = { ...p, target: 'predicted' as const, seed: 5 };
      const one = meteredModel(net, emptyMeter());
      await run(one, sliceBatch(x, 0, 1), options);
      const all = meteredModel(net, emptyMeter());
      const batch = await run(all, x, options);
      expect(all.meter.forward.calls).toBe(one.meter.forward.calls);
      // At most one vjp a step, and one wherever sample 0 alone needed one.
      expect(all.meter.vjp.calls).toBeLessThanOrEqual(all.meter.forward.calls);
      expect(all.meter.vjp.calls).toBeGreaterThanOrEqual(one.meter.vjp.calls);
      expect(all.meter.vjp.calls).toBeGreaterThan(0);
      expect(all.meter.forward.rows).toBe(B * one.meter.forward.rows);
      const single = meteredModel(net, emptyMeter());
      const split = await run(single, x, { ...options, maxBatchSize: 1 });
      expect(Array.from(split.data)).toEqual(Array.from(batch.data));
      expect(single.meter.forward.calls).toBeGreaterThan(all.meter.forward.calls);
    },
  );
});

describe('invariant-perturbation under a memory bound', () => {
  it('builds the noise of a chunk of samples at a time: same map, chunks of one sample', async () => {
    const options = { samples: 4, steps: 6, learningRate: 0.2, upperBound: 3, target, seed: 5 };
    const whole = await runInvariantPerturbation(net, x, options as never);
    // Half of 4 samples x 72 values x 4 bytes: one sample's noise (1152 bytes) fits, two do not.
    const one = meteredModel(net, emptyMeter());
    const chunked = await runInvariantPerturbation(one, x, {
      ...options,
      memoryLimitBytes: 2 * 1152,
    } as never);
    expect(Array.from(chunked.attribution.data)).toEqual(Array.from(whole.attribution.data));
    // One chunk a sample: the targets are given, so B x steps forwards, one row of M a pass each.
    expect(one.meter.forward.calls).toBeGreaterThanOrEqual(B * options.steps);
    const progress: number[] = [];
    await runInvariantPerturbation(net, x, {
      ...options,
      memoryLimitBytes: 2 * 1152,
      onProgress: (e: { done: number }) => progress.push(e.done),
    } as never);
    expect(progress.at(-1)).toBe(B * options.steps);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
