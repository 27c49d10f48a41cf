import { fillUniform, jsKernels, type Tensor } from '@xai/core';
import { linearModel, randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { rise, riseMasks } from './rise.js';

const x: Tensor = {
  data: Float32Array.from({ length: 2 * 16 }, (_, i) => Math.sin(i)),
  shape: [2, 1, 4, 4],
};

describe('RISE', () => {
  it('keeps cells with probability p: the masks average p within sampling error', async () => {
    // Every mask pixel is a convex combination of at most four independent Bernoulli(p)
    // cells, so its expectation is p; the mean over N masks of s x s cells has a standard
    // deviation of at most sqrt(p (1 - p) / (N s^2)) times the correlation of neighbouring
    // pixels (at most 4 cells share a pixel: a factor 2 bounds it).
    for (const p of [0.1, 0.5, 0.8]) {
      const N = 1000;
      const s = 7;
      const masks = await riseMasks(
        jsKernels,
        { gridSize: s, probability: p, seed: 3 },
        0,
        N,
        28,
        28,
      );
      let sum = 0;
      let lo = 1;
      let hi = 0;
      for (const v of masks.data) {
        sum += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      const sigma = 2 * Math.sqrt((p * (1 - p)) / (N * s * s));
      expect(Math.abs(sum / masks.data.length - p)).toBeLessThan(4 * sigma);
    }
  });

  it('with a 1x1 grid every mask is constant, so S = f(x) · kept / (N p)', async () => {
    const model = randomLinearModel([1, 4, 4], 3, 2);
    const N = 40;
    const s = await rise.explain(model, x, {
      target: [0, 2],
      masks: N,
      gridSize: 1,
      probability: 0.3,
      seed: 9,
      score: 'logit',
    });
    const kept = Array.from(fillUniform(new Float32Array(N), 9, 0)).filter((u) => u < 0.3).length;
    const logits = await model.forward(x);
    for (const [b, t] of [
      [0, 0],
      [1, 2],
    ] as const) {
      const want = (logits.data[b * 3 + t]! * kept) / (N * 0.3);
      for (let p = 0; p < 16; p++) expect(s.data[b * 16 + p]).toBeCloseTo(want, 4);
    }
  });

  it('does not depend on the batch size, and depends on the seed', async () => {
    const model = randomLinearModel([1, 4, 4], 3, 2);
    const opts = { target: 1, masks: 50, gridSize: 2, seed: 4 } as const;
    const whole = await rise.explain(model, x, opts);
    const split = await rise.explain(model, x, { ...opts, maxBatchSize: 7 });
    const other = await rise.explain(model, x, { ...opts, seed: 5 });
    expect(Array.from(split.data)).toEqual(Array.from(whole.data));
    expect(Array.from(other.data)).not.toEqual(Array.from(whole.data));
  });

  it('puts the most saliency where the only relevant pixel is', async () => {
    const w = new Float64Array(2 * 64);
    w[3 * 8 + 5] = 5; // class 0 looks at pixel (row 3, column 5) only
    const model = linearModel([1, 8, 8], w, new Float64Array(2));
    const img: Tensor = { data: new Float32Array(64).fill(1), shape: [1, 1, 8, 8] };
    const s = await rise.explain(model, img, { target: 0, masks: 1000, gridSize: 4, seed: 1 });
    expect(s.data.indexOf(Math.max(...s.data))).toBe(3 * 8 + 5);
  });

  it('rejects impossible options', async () => {
    const model = randomLinearModel([1, 4, 4], 3, 2);
    await expect(rise.explain(model, x, { target: 0, gridSize: 5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(rise.explain(model, x, { target: 0, probability: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
