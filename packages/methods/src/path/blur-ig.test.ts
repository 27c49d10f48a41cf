import { gaussianBlur, type Tensor } from '@xai/core';
import {
  type DenseAnalyticModel,
  randomLinearModel,
  randomReluNetwork,
  randomTanhModel,
} from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { sampleSum, sineWave, waveCase } from '../../test/helpers/wave-input.js';
import { blurAt, blurIg, blurSigmas } from './blur-ig.js';

const { shape, D, x } = waveCase(2, [2, 6, 6], (i) => sineWave(i) + 0.3 * Math.cos(i));
const sampleOf = (b: number): Tensor => ({ data: x.data.slice(b * D, (b + 1) * D), shape });

/** z_k = 2 tanh(w_k . x): smooth, not linear. */
const tanhModel = (seed: number) => randomTanhModel(shape, 3, seed, { amplitude: 2, gain: 2 });

/** F(x) - F(L(x, sigma_max)) for each sample. */
async function gap(model: DenseAnalyticModel, t: number, maxSigma: number): Promise<number[]> {
  const out: number[] = [];
  for (const b of [0, 1]) {
    const blurred = blurAt(sampleOf(b), maxSigma);
    const f = await model.forward({ data: x.data.slice(b * D, (b + 1) * D), shape: [1, ...shape] });
    const fb = await model.forward({ data: blurred.data, shape: [1, ...shape] });
    out.push(f.data[t]! - fb.data[t]!);
  }
  return out;
}

describe('blur-ig', () => {
  it("uses PAIR's sigmas and scipy's kernel radius, with core's blur", () => {
    expect([...blurSigmas(50, 4, false)]).toEqual([0, 12.5, 25, 37.5, 50]);
    expect([...blurSigmas(4, 4, true)]).toEqual([0, 1, Math.SQRT2, Math.sqrt(3), 2]);
    const s = sampleOf(0);
    expect(blurAt(s, 0)).toBe(s);
    expect(blurAt(s, 0.1)).toBe(s); // radius round(0.4) = 0
    expect(blurAt(s, 1.5).data).toEqual(gaussianBlur(s, 13, 1.5).data);
  });

  it('is complete up to the discretisation: sums to F(x) - F(blurred x)', async () => {
    for (const model of [randomLinearModel(shape, 3, 4), tanhModel(5)]) {
      const want = await gap(model, 1, 50);
      const fine = await blurIg.explain(model, x, { target: 1, steps: 400 });
      const coarse = await blurIg.explain(model, x, { target: 1, steps: 25 });
      for (const b of [0, 1]) {
        const error = (t: Tensor) => Math.abs(sampleSum(t, b) - want[b]!);
        expect(error(fine)).toBeLessThan(0.02 * Math.abs(want[b]!) + 1e-3);
        expect(error(fine)).toBeLessThan(error(coarse));
      }
    }
  });

  it('is the documented sum on a linear model, computed here from the blurs', async () => {
    const model = randomLinearModel(shape, 3, 4);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const [maxSigma, steps, h] = [6, 5, 0.01];
    const a = await blurIg.explain(model, x, { target: 2, maxSigma, steps });
    const sigmas = blurSigmas(maxSigma, steps, false);
    const s = sampleOf(1);
    for (let i = 0; i < D; i++) {
      let want = 0;
      for (let k = 0; k < steps; k++) {
        const slope = (blurAt(s, sigmas[k]! + h).data[i]! - blurAt(s, sigmas[k]!).data[i]!) / h;
        want -= (sigmas[k + 1]! - sigmas[k]!) * slope * w[2 * D + i]!;
      }
      expect(a.data[D + i]).toBeCloseTo(want, 4);
    }
  });

  it('batches its steps under the memory bound, reports progress and can be aborted', async () => {
    const model = randomReluNetwork(shape, 6, 3, 2);
    const a = await blurIg.explain(model, x, { target: 0, steps: 7 });
    const events: Array<[number, number]> = [];
    const b = await blurIg.explain(model, x, {
      target: 0,
      steps: 7,
      maxBatchSize: 3,
      onProgress: (e) => events.push([e.done, e.total]),
    });
    expect(b.data).toEqual(a.data);
    expect(events.at(-1)).toEqual([14, 14]);
    // Chunks of at most 3 steps, paced by time (the first is one step).
    for (const [i, [done]] of events.entries())
      expect([1, 2, 3]).toContain(done - (events[i - 1]?.[0] ?? 0));
    await expectAbortFromProgress(blurIg, model, x, { target: 0, maxBatchSize: 2 });
    await expect(
      blurIg.explain(model, { data: new Float32Array(4), shape: [1, 4] }, { target: 0 }),
    ).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
  });
});
