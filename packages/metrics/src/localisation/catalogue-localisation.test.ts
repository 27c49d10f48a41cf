import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { constantExplainer, identityExplainer } from '../../test/helpers/explainers.js';
import { attributionLocalisation } from './attribution-localisation.js';
import { auc } from './auc.js';
import { focus, putTile } from './focus.js';
import { relevanceMassAccuracy } from './relevance-mass-accuracy.js';
import { relevanceRankAccuracy } from './relevance-rank-accuracy.js';
import { topKIntersection } from './top-k-intersection.js';

const model = randomLinearModel([1, 2, 3], 2);
const x: Tensor = { data: new Float32Array(6), shape: [1, 1, 2, 3] };
const mask: Tensor = { data: Float32Array.from([1, 1, 0, 0, 0, 0]), shape: [1, 1, 2, 3] };
const same: Tensor = { data: Float32Array.from(mask.data), shape: mask.shape };
// A hand case: relevance [3, -1, 2, 0, 1, -2]; mask on pixels 0 and 1.
const map: Tensor = { data: Float32Array.from([3, -1, 2, 0, 1, -2]), shape: mask.shape };

describe('localisation metrics', () => {
  it('give perfect scores to a map equal to the mask', async () => {
    const o = { target: 0, masks: mask };
    for (const m of [attributionLocalisation, relevanceMassAccuracy, relevanceRankAccuracy, auc]) {
      expect((await m.evaluate(model, x, same, o)).scores[0], m.name).toBe(1);
    }
    expect((await topKIntersection.evaluate(model, x, same, { ...o, k: 2 })).scores[0]).toBe(1);
    const w = await attributionLocalisation.evaluate(model, x, same, { ...o, weighted: true });
    expect(w.scores[0]).toBe(3); // mu = 1 times |image| / |mask| = 6 / 2
  });

  it('match the hand-computed values on a small case', async () => {
    const o = { target: 0, masks: mask };
    // Positive relevance 3 + 2 + 1 = 6, of which 3 inside.
    expect((await attributionLocalisation.evaluate(model, x, map, o)).scores[0]).toBeCloseTo(
      0.5,
      12,
    );
    expect((await relevanceMassAccuracy.evaluate(model, x, map, o)).scores[0]).toBeCloseTo(0.5, 12);
    // Top-2 pixels are 0 (3) and 2 (2): one of them inside.
    expect((await relevanceRankAccuracy.evaluate(model, x, map, o)).scores[0]).toBe(0.5);
    expect((await topKIntersection.evaluate(model, x, map, { ...o, k: 3 })).scores[0]).toBeCloseTo(
      1 / 3,
      12,
    );
    // Inside {3, -1} vs outside {2, 0, 1, -2}: pairs won 4 + 1 = 5 of 8.
    expect((await auc.evaluate(model, x, map, o)).scores[0]).toBeCloseTo(5 / 8, 12);
  });

  it('reject missing, misshaped or empty masks with the fix', async () => {
    await expect(auc.evaluate(model, x, map, { target: 0 })).rejects.toThrow(/--masks/);
    await expect(
      auc.evaluate(model, x, map, {
        target: 0,
        masks: { data: new Float32Array(4), shape: [1, 1, 2, 2] },
      }),
    ).rejects.toThrow(/Expected masks of shape \[1, 1, 2, 3\]/);
    await expect(
      auc.evaluate(model, x, map, {
        target: 0,
        masks: { data: new Float32Array(6), shape: [1, 1, 2, 3] },
      }),
    ).rejects.toThrow(/marks 0/);
    await expect(
      topKIntersection.evaluate(model, x, map, { target: 0, masks: mask }),
    ).rejects.toThrow(/k to be an integer in \[1, 6\]/);
  });
});

describe('focus', () => {
  // Images of class 0 are bright (1), of class 1 dark (0); the model's class is the mean.
  const pool: Tensor = {
    data: Float32Array.from({ length: 4 * 16 }, (_, i) => (Math.floor(i / 16) < 2 ? 1 : 0)),
    shape: [4, 1, 4, 4],
  };
  const targets = [0, 0, 1, 1];
  const m = randomLinearModel([1, 4, 4], 2);
  const maps: Tensor = { data: new Float32Array(64), shape: pool.shape };

  // A map equal to the image lights the bright tiles, those of class 0.
  const bright = identityExplainer;

  it('is 1 for a map on the target-class tiles and 0.5 for a uniform map', async () => {
    const flat = constantExplainer(1);
    const r = await focus.evaluate(m, pool, maps, { target: targets, explain: bright });
    expect(Array.from(r.scores.subarray(0, 2))).toEqual([1, 1]);
    const u = await focus.evaluate(m, pool, maps, { target: targets, explain: flat });
    expect(Array.from(u.scores)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('scores NaN and says why when the set cannot fill a mosaic, and takes partners from dataset', async () => {
    const one: Tensor = { data: pool.data.slice(0, 16), shape: [1, 1, 4, 4] };
    const empty: Tensor = { data: new Float32Array(16), shape: one.shape };
    const alone = await focus.evaluate(m, one, empty, { target: 0, explain: bright });
    expect(alone.scores[0]).toBeNaN();
    expect(String((alone.details!.skipped as string[])[0])).toMatch(/pass more samples/);
    // With the pool as the dataset, the image finds its partner (not itself) and scores 1.
    const data = Float32Array.from(pool.data, (v, i) => (i >= 16 && i < 32 ? 0.99 * v : v));
    const dataset = { x: { data, shape: pool.shape }, targets };
    const r = await focus.evaluate(m, one, empty, { target: 0, explain: bright, dataset });
    expect(r.scores[0]).toBeCloseTo(1, 12);
  });

  it('tiles are the image averaged down 2 x 2', () => {
    const mosaic = new Float32Array(16);
    putTile(
      mosaic,
      Float32Array.from({ length: 16 }, (_, i) => i),
      3,
      1,
      4,
      4,
    );
    expect(Array.from(mosaic.subarray(8))).toEqual([0, 0, 2.5, 4.5, 0, 0, 10.5, 12.5]);
  });
});
