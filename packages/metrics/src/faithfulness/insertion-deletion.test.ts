import { jsKernels, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { logitCurve } from '../../test/helpers/curve-options.js';
import { perturbationCurves } from '../shared/perturbation-curve.js';
import { deletion } from './deletion.js';
import { insertion } from './insertion.js';

// A 1x2x2 image of ones and a two-class linear model with logits [w . x, 0], so the
// probability of class 0 is sigmoid(w . x): every curve point has a closed form.
const w = [4, 3, 2, 1];
const model = linearModel(
  [1, 2, 2],
  Float64Array.from([...w, 0, 0, 0, 0]),
  Float64Array.from([0, 0]),
);
const x: Tensor = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
const perfect: Tensor = { data: Float32Array.from(w), shape: [1, 1, 2, 2] };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const trapezoid = (ys: number[]) =>
  ys.slice(1).reduce((s, y, i) => s + (y + ys[i]!) / 2, 0) / (ys.length - 1);
/** Insertion from a black image, one pixel a step. */
const fromZeros = { target: 0, pixelsPerStep: 1, baseline: 'zeros' } as const;
/** The curve's own options, one pixel a step to a zero baseline, scoring the raw logit. */
const onePixelLogitCurve = { ...logitCurve, pixelsPerStep: 1 } as const;

describe('insertion and deletion on a hand-computed case', () => {
  it('insertion traces sigmoid(0, 4, 7, 9, 10) and integrates it by trapezoids', async () => {
    const r = await insertion.evaluate(model, x, perfect, fromZeros);
    const want = [0, 4, 7, 9, 10].map(sigmoid);
    const curves = (r.details!.curves as Tensor).data;
    for (const [i, v] of want.entries()) expect(curves[i]).toBeCloseTo(v, 6);
    expect(r.scores[0]).toBeCloseTo(trapezoid(want), 6);
    expect((r.details!.mean as Float64Array)[0]).toBeCloseTo(want.reduce((a, b) => a + b) / 5, 6);
    expect(r.higherIsBetter).toBe(true);
  });

  it('deletion traces sigmoid(10, 6, 3, 1, 0)', async () => {
    const r = await deletion.evaluate(model, x, perfect, { target: 0, pixelsPerStep: 1 });
    const want = [10, 6, 3, 1, 0].map(sigmoid);
    expect(r.scores[0]).toBeCloseTo(trapezoid(want), 6);
    expect(r.higherIsBetter).toBe(false);
  });

  it('two pixels per step skip every other point; the logit score is the raw logit', async () => {
    const r = await perturbationCurves(model, x, perfect, 'deletion', {
      ...logitCurve,
      pixelsPerStep: 2,
    });
    expect(Array.from(r.curves.data)).toEqual([10, 3, 0]);
  });

  it('a better map scores better: perfect vs reversed order', async () => {
    const reversed: Tensor = { data: Float32Array.from(w.map((v) => -v)), shape: [1, 1, 2, 2] };
    const good = await deletion.evaluate(model, x, perfect, { target: 0, pixelsPerStep: 1 });
    const bad = await deletion.evaluate(model, x, reversed, { target: 0, pixelsPerStep: 1 });
    expect(good.scores[0]).toBeLessThan(bad.scores[0]!);
    const goodIns = await insertion.evaluate(model, x, perfect, fromZeros);
    const badIns = await insertion.evaluate(model, x, reversed, fromZeros);
    expect(goodIns.scores[0]).toBeGreaterThan(badIns.scores[0]!);
  });

  it('is invariant to scaling the attributions by a positive constant', async () => {
    const a: Tensor = { data: Float32Array.from([0.3, -2, 5, 1]), shape: [1, 1, 2, 2] };
    const scaled: Tensor = { data: a.data.map((v) => v * 37.5), shape: a.shape };
    for (const metric of [insertion, deletion]) {
      const r1 = await metric.evaluate(model, x, a, fromZeros);
      const r2 = await metric.evaluate(model, x, scaled, fromZeros);
      expect(r2.scores[0]).toBe(r1.scores[0]);
    }
  });

  it('batches model calls under the memory bound without changing the result', async () => {
    const whole = await deletion.evaluate(model, x, perfect, { target: 0, pixelsPerStep: 1 });
    const bounded = linearModel(
      [1, 2, 2],
      Float64Array.from([...w, 0, 0, 0, 0]),
      Float64Array.from([0, 0]),
    );
    const split = await deletion.evaluate(bounded, x, perfect, {
      target: 0,
      pixelsPerStep: 1,
      maxBatchSize: 2,
    });
    expect(bounded.calls.forward).toBe(3); // 5 curve points in batches of 2
    expect(split.scores[0]).toBe(whole.scores[0]);
  });

  it('makes step masks a batch at a time: no mask tensor outgrows the memory bound', async () => {
    // 3x8x8 image, 64 steps: each step costs its image (3·64·4 bytes) and mask (64·4).
    const image = await jsKernels.random({
      distribution: 'normal',
      shape: [1, 3, 8, 8],
      seed: 3,
      stream: 0,
    });
    const map = await jsKernels.random({
      distribution: 'normal',
      shape: [1, 3, 8, 8],
      seed: 4,
      stream: 0,
    });
    const big = linearModel(
      [3, 8, 8],
      Float64Array.from({ length: 2 * 192 }, (_, i) => Math.sin(i)),
      Float64Array.from([0, 0]),
    );
    const maskRows: number[] = [];
    const recording = {
      ...jsKernels,
      rankMasks: async (a: Parameters<typeof jsKernels.rankMasks>[0]) => {
        const masks = await jsKernels.rankMasks(a);
        maskRows.push(masks.shape[0]!);
        return masks;
      },
    };
    const stepBytes = 3 * 64 * 4 + 64 * 4;
    for (const ranking of ['merged', 'reference-code'] as const) {
      const options = { ...onePixelLogitCurve, ranking };
      const whole = await perturbationCurves(big, image, map, 'deletion', options);
      maskRows.length = 0;
      const bounded = await perturbationCurves(big, image, map, 'deletion', {
        ...options,
        kernels: recording,
        // The steps' chunk gets half the bound (callerChunkOptions): 10 steps.
        memoryLimitBytes: 20 * stepBytes,
      });
      expect(Array.from(bounded.curves.data)).toEqual(Array.from(whole.curves.data));
      if (ranking === 'merged') expect(maskRows).toEqual([10, 10, 10, 10, 10, 10, 5]); // 65 masks
    }
  });

  it('rejects attributions shaped unlike the input and a step count out of range', async () => {
    const wrong: Tensor = { data: new Float32Array(3), shape: [1, 1, 1, 3] };
    await expect(insertion.evaluate(model, x, wrong, { target: 0 })).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
    await expect(
      insertion.evaluate(model, x, perfect, { target: 0, pixelsPerStep: 5 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(insertion.evaluate(model, x, perfect, { target: 2 })).rejects.toMatchObject({
      code: 'TARGET_OUT_OF_RANGE',
    });
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      deletion.evaluate(model, x, perfect, { target: 0, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});

describe("the ISA authors' reference-code ranking", () => {
  // Two channels that disagree: channel 0 ranks pixel 0 first, channel 1 ranks pixel 3 first.
  const two = linearModel(
    [2, 1, 2],
    Float64Array.from([1, 1, 1, 1, 0, 0, 0, 0]),
    Float64Array.from([0, 0]),
  );
  const x2: Tensor = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 2, 1, 2] };
  const a2: Tensor = { data: Float32Array.from([9, 1, 2, 8]), shape: [1, 2, 1, 2] };

  it('overwrites all channels at the union of the per-channel top pixels', async () => {
    const ref = await perturbationCurves(two, x2, a2, 'deletion', {
      ...onePixelLogitCurve,
      ranking: 'reference-code',
    });
    // Step 1 removes pixel 0 (channel 0's top) and pixel 1 (channel 1's top) in both channels.
    expect(Array.from(ref.curves.data)).toEqual([4, 0, 0]);
    const merged = await perturbationCurves(two, x2, a2, 'deletion', onePixelLogitCurve);
    // Merged scores: pixel 0 = 9 + 2, pixel 1 = 1 + 8: one pixel (two elements) per step.
    expect(Array.from(merged.curves.data)).toEqual([4, 2, 0]);
  });

  it('uses the kernels it is given', async () => {
    let calls = 0;
    const counting = {
      ...jsKernels,
      perturb: (a: Parameters<typeof jsKernels.perturb>[0]) => {
        calls++;
        return jsKernels.perturb(a);
      },
    };
    await deletion.evaluate(model, x, perfect, { target: 0, kernels: counting });
    expect(calls).toBeGreaterThan(0);
  });
});
