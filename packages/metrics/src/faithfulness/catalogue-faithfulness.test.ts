import { createRng, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { imputeNoisyLinear } from '../shared/noisy-linear-imputation.js';
import { slic } from '../shared/slic.js';
import { faithfulnessCorrelation } from './faithfulness-correlation.js';
import { faithfulnessEstimate } from './faithfulness-estimate.js';
import { irof } from './irof.js';
import { monotonicity } from './monotonicity.js';
import { monotonicityCorrelation } from './monotonicity-correlation.js';
import { roadLerf, roadMorf } from './road.js';
import { selectivity } from './selectivity.js';
import { sensitivityN, subsetSizes } from './sensitivity-n.js';
import { sufficiency } from './sufficiency.js';

// Two channels of 4 x 4 pixels, two classes; class 0's weights are w0, class 1's are zero.
const shape = [2, 4, 4];
const D = 32;
const w0 = Float64Array.from({ length: D }, (_, i) => Math.sin(1.7 * i + 0.3));
const model = linearModel(
  shape,
  Float64Array.from([...w0, ...new Float64Array(D)]),
  new Float64Array(2),
);
const x: Tensor = {
  data: Float32Array.from({ length: D }, (_, i) => Math.cos(0.9 * i) + 0.2),
  shape: [1, ...shape],
};
// Gradient x input: each pixel's exact contribution to logit 0 (baseline zero).
const exact: Tensor = { data: x.data.map((v, i) => v * w0[i]!), shape: x.shape };
const reversed: Tensor = { data: exact.data.map((v) => -v), shape: x.shape };
const perPixel = (a: Tensor) => Array.from({ length: 16 }, (_, p) => a.data[p]! + a.data[16 + p]!);

describe('faithfulness correlation, faithfulness estimate and sensitivity-n on a linear model', () => {
  // Removing any set S to zero drops logit 0 by exactly the sum of exact's entries on S.
  it('are 1 for the exact contributions and -1 for their negation (the closed form)', async () => {
    const o = { target: 0, seed: 3, baseline: 'zeros' } as const;
    for (const m of [faithfulnessCorrelation, faithfulnessEstimate, sensitivityN]) {
      const extra =
        m === faithfulnessCorrelation
          ? { subsetSize: 5, runs: 20 }
          : m === sensitivityN
            ? { subsets: 10, sizes: 4 }
            : {};
      const good = await m.evaluate(model, x, exact, { ...o, ...extra });
      const bad = await m.evaluate(model, x, reversed, { ...o, ...extra });
      expect(good.scores[0], m.name).toBeCloseTo(1, 5);
      expect(bad.scores[0], m.name).toBeCloseTo(-1, 5);
    }
  });

  it('sensitivity-n reports one correlation per log-spaced subset size up to 80% of the pixels', async () => {
    expect(subsetSizes(16, 4)).toEqual([1, 2, 5, 12]);
    const r = await sensitivityN.evaluate(model, x, exact, { target: 0, subsets: 5, sizes: 4 });
    expect(r.details?.n).toEqual([1, 2, 5, 12]);
    expect((r.details!.correlations as Tensor).shape).toEqual([1, 4]);
  });

  it('draws the same subsets for the same seed and batches under the memory bound', async () => {
    const map: Tensor = { data: exact.data.map((v, i) => v + 0.3 * Math.sin(i)), shape: x.shape };
    const o = { target: 0, subsetSize: 4, runs: 12, seed: 9, baseline: 'zeros' as const };
    const r1 = await faithfulnessCorrelation.evaluate(model, x, map, o);
    const before = model.calls.forward;
    const r2 = await faithfulnessCorrelation.evaluate(model, x, map, { ...o, maxBatchSize: 5 });
    expect(r2.scores[0]).toBe(r1.scores[0]);
    // The target is given, so no prediction pass: 13 variants in batches of 5.
    expect(model.calls.forward - before).toBe(Math.ceil(13 / 5));
    const r3 = await faithfulnessCorrelation.evaluate(model, x, map, { ...o, seed: 10 });
    expect(r3.scores[0]).not.toBe(r1.scores[0]);
  });

  it('rejects a subset larger than the image before any model call', async () => {
    const before = model.calls.forward;
    await expect(
      faithfulnessCorrelation.evaluate(model, x, exact, { target: 0, subsetSize: 17 }),
    ).rejects.toThrow(/subsetSize to be an integer in \[1, 16\] but received 17/);
    expect(model.calls.forward).toBe(before);
  });
});

describe('monotonicity (Arya)', () => {
  // With x = sign(w0) every pixel adds |w0| to logit 0: putting pixels back only raises it.
  const xs: Tensor = { data: Float32Array.from(w0, (w) => Math.sign(w)), shape: x.shape };
  const contributions: Tensor = { data: Float32Array.from(w0, Math.abs), shape: x.shape };
  it('is 1 when every added pixel raises the score, with the curve from baseline to image', async () => {
    const r = await monotonicity.evaluate(model, xs, contributions, {
      target: 0,
      score: 'logit',
      baseline: 'zeros',
    });
    expect(r.scores[0]).toBe(1);
    const curve = (r.details!.curves as Tensor).data;
    expect(curve.length).toBe(17);
    expect(curve[0]).toBeCloseTo(0, 6);
    expect(curve[16]).toBeCloseTo(
      w0.reduce((s, w) => s + Math.abs(w), 0),
      4,
    );
  });

  it('is 0 when a step lowers the score', async () => {
    const r = await monotonicity.evaluate(model, x, exact, {
      target: 0,
      score: 'logit',
      baseline: 'zeros',
    });
    expect(perPixel(exact).some((v) => v < 0)).toBe(true);
    expect(r.scores[0]).toBe(0);
  });
});

describe('monotonicity correlation (Nguyen and Martinez)', () => {
  it('is 1 when the map ranks pixels by the expected squared change, -1 reversed', async () => {
    // One channel; pixel p has weight 2^p, every pixel sits at 0.5 except two at 0 and 1
    // (so the noise spans [0, 1]); E[(w (u - x))^2] grows with w for well-separated w.
    const w = Float64Array.from({ length: 9 }, (_, p) => 2 ** p);
    const m = linearModel(
      [1, 3, 3],
      Float64Array.from([...w, ...new Float64Array(9)]),
      new Float64Array(2),
    );
    const xi: Tensor = {
      data: Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 1]),
      shape: [1, 1, 3, 3],
    };
    // Pixels 7 and 8 sit at the range's ends, so their expected change is 4 times larger:
    // rank by w^2 * E[(u - x_p)^2] = w^2 / 12 (x = 0.5) or w^2 / 3 (x = 0 or 1).
    const expected = Float32Array.from(w, (v, p) => v * v * (p >= 7 ? 4 : 1));
    const r = await monotonicityCorrelation.evaluate(
      m,
      xi,
      { data: expected, shape: xi.shape },
      { target: 0, samples: 200 },
    );
    expect(r.scores[0]).toBeCloseTo(1, 12);
    const back = await monotonicityCorrelation.evaluate(
      m,
      xi,
      { data: expected.map((v) => -v), shape: xi.shape },
      { target: 0, samples: 200 },
    );
    expect(back.scores[0]).toBeCloseTo(-1, 12);
  });
});

describe('selectivity', () => {
  it('is the trapezoid area of the score as patches go, most relevant first (hand computed)', async () => {
    // 1 channel 2 x 2, patchSize 1, logit 0 = x . [4, 3, 2, 1]; x = 1: removals 4, 3, 2, 1.
    const m = linearModel(
      [1, 2, 2],
      Float64Array.from([4, 3, 2, 1, 0, 0, 0, 0]),
      new Float64Array(2),
    );
    const ones: Tensor = { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] };
    const map: Tensor = { data: Float32Array.from([4, 3, 2, 1]), shape: ones.shape };
    const r = await selectivity.evaluate(m, ones, map, {
      target: 0,
      patchSize: 1,
      score: 'logit',
      baseline: 'zeros',
    });
    // Curve 10, 6, 3, 1, 0: trapezoid over x in [0, 1] with 4 steps.
    expect(r.scores[0]).toBeCloseTo(
      ((10 + 6) / 2 + (6 + 3) / 2 + (3 + 1) / 2 + (1 + 0) / 2) / 4,
      6,
    );
    const worse = await selectivity.evaluate(
      m,
      ones,
      { data: map.data.map((v) => -v), shape: ones.shape },
      { target: 0, patchSize: 1, score: 'logit', baseline: 'zeros' },
    );
    expect(worse.scores[0]).toBeGreaterThan(r.scores[0]!);
  });
});

describe('ROAD', () => {
  it('noisy linear imputation without noise restores a linear ramp inside the image', () => {
    const H = 6;
    const W = 7;
    const img = Float32Array.from(
      { length: H * W },
      (_, p) => 0.5 + 0.1 * (p % W) - 0.05 * Math.floor(p / W),
    );
    const holes = new Uint8Array(H * W);
    for (const p of [8, 9, 16, 17, 24, 30, 33]) holes[p] = 1;
    const filled = img.slice();
    for (const p of [8, 9, 16, 17, 24, 30, 33]) filled[p] = 0;
    imputeNoisyLinear(filled, 1, H, W, holes, 0, createRng(0, 0), 1e-9, 10000);
    for (let p = 0; p < H * W; p++) expect(filled[p]).toBeCloseTo(img[p]!, 5);
  });

  it('MoRF falls and LeRF stays when the map finds the one pixel the decision rests on', async () => {
    // Class 0 wins only through pixel 5 (a spike in a flat image); imputation removes it.
    const H = 4;
    const weights = new Float64Array(2 * 16);
    weights[5] = 1;
    const m = linearModel([1, H, H], weights, Float64Array.from([0, 0.5]));
    const xi: Tensor = {
      data: Float32Array.from({ length: 16 }, (_, p) => (p === 5 ? 2 : 0)),
      shape: [1, 1, H, H],
    };
    const map: Tensor = {
      data: Float32Array.from({ length: 16 }, (_, p) => (p === 5 ? 1 : 0.01 * p)),
      shape: xi.shape,
    };
    const o = { target: 0, percentages: [10, 30, 50], noise: 0 };
    const morf = await roadMorf.evaluate(m, xi, map, o);
    const lerf = await roadLerf.evaluate(m, xi, map, o);
    expect(morf.scores[0]).toBe(0);
    expect(lerf.scores[0]).toBe(1);
    expect(roadMorf.higherIsBetter).toBe(false);
    expect(roadLerf.higherIsBetter).toBe(true);
  });
});

describe('IROF and its SLIC segmentation', () => {
  it('SLIC splits an image of four flat quadrants into the quadrants', () => {
    const H = 8;
    const img = Float32Array.from(
      { length: 64 },
      (_, p) => (Math.floor(p / 8) < 4 ? 0 : 2) + (p % 8 < 4 ? 0 : 1),
    );
    const labels = slic(img, 1, H, H, 4, 0.1);
    const quadrant = (p: number) => (Math.floor(p / 8) < 4 ? 0 : 2) + (p % 8 < 4 ? 0 : 1);
    for (let p = 0; p < 64; p++) expect(labels[p]).toBe(quadrant(p));
  });

  it('scores a map on the evidence above the reversed map', async () => {
    const weights = new Float64Array(2 * 64);
    for (let p = 0; p < 64; p++) weights[p] = p < 32 ? 1 : 0;
    const m = linearModel([1, 8, 8], weights, Float64Array.from([0, 8]));
    const xi: Tensor = {
      data: Float32Array.from({ length: 64 }, (_, p) => (p < 32 ? 1 : 0)),
      shape: [1, 1, 8, 8],
    };
    const good: Tensor = {
      data: Float32Array.from({ length: 64 }, (_, p) => (p < 32 ? 1 : 0)),
      shape: xi.shape,
    };
    const bad: Tensor = { data: good.data.map((v) => 1 - v), shape: xi.shape };
    const g = await irof.evaluate(m, xi, good, { target: 0, segments: 4, compactness: 0.1 });
    const b = await irof.evaluate(m, xi, bad, { target: 0, segments: 4, compactness: 0.1 });
    expect(g.scores[0]).toBeGreaterThan(b.scores[0]!);
    expect(g.scores[0]).toBeGreaterThan(0);
    expect(g.scores[0]).toBeLessThanOrEqual(1);
  });
});

describe('sufficiency', () => {
  it('is the share of samples with a near explanation that share the prediction (hand case)', async () => {
    // Predictions follow the sign of pixel 0: samples 0, 1, 2 -> class 0; sample 3 -> class 1.
    const m = linearModel([1, 1, 2], Float64Array.from([1, 0, -1, 0]), new Float64Array(2));
    const xi: Tensor = { data: Float32Array.from([1, 0, 2, 0, 3, 0, -1, 0]), shape: [4, 1, 1, 2] };
    // Maps 0, 1 and 3 are close together, map 2 far away (distances 0.1 .. 10).
    const maps: Tensor = {
      data: Float32Array.from([0, 0, 0.1, 0, 10, 0, 0.2, 0]),
      shape: xi.shape,
    };
    const r = await sufficiency.evaluate(m, xi, maps, { target: 'predicted', threshold: 0.1 });
    // Normalised by the largest distance (10): 0-1, 0-3, 1-3 are near; 2 has no neighbour.
    expect(Array.from(r.scores)).toEqual([0.5, 0.5, 0, 0]);
    // One sample at a time against the dataset (as xai evaluate runs it): the same scores,
    // the dataset's maps made by the method.
    const explain = async (t: Tensor): Promise<Tensor> => {
      expect(t.shape[0]).toBe(4);
      return maps;
    };
    const dataset = { x: xi, targets: [0, 0, 0, 1] };
    for (let b = 0; b < 4; b++) {
      const one = { data: xi.data.slice(b * 2, b * 2 + 2), shape: [1, 1, 1, 2] };
      const mine = { data: maps.data.slice(b * 2, b * 2 + 2), shape: [1, 1, 1, 2] };
      const s = await sufficiency.evaluate(m, one, mine, {
        target: 'predicted',
        threshold: 0.1,
        explain,
        dataset,
      });
      expect(s.scores[0]).toBe(r.scores[b]);
    }
  });
});
