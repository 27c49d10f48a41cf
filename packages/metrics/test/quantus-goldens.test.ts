/**
 * xai against Quantus on the same fixture images, maps and model (a linear classifier
 * whose weights both sides compute from a formula): equal to 1e-5 where the definitions
 * agree, and the documented difference where they do not. How the numbers were made:
 * test/fixtures/quantus/README.md.
 */
import { readFileSync } from 'node:fs';
import { npyToTensor, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { getMetric } from '../src/registry.js';

const dir = new URL('./fixtures/quantus/', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('quantus-goldens.json', dir), 'utf8')) as {
  picks: number[];
  labels: number[];
  scores: Record<string, number[] | number[][]>;
};
const maps = npyToTensor(new Uint8Array(readFileSync(new URL('maps.npy', dir))));
const inputs = loadFixtureInputs();
const x: Tensor = { data: new Float32Array(4 * 784), shape: [4, 1, 28, 28] };
for (const [i, p] of golden.picks.entries())
  x.data.set(inputs.data.subarray(p * 784, (p + 1) * 784), i * 784);
const masks: Tensor = { data: x.data.map((v) => (v > 0.5 ? 1 : 0)), shape: x.shape };
const W = new Float64Array(10 * 784);
for (let k = 0; k < 10; k++)
  for (let i = 0; i < 784; i++) W[k * 784 + i] = Math.fround(0.05 * Math.sin(0.37 * i + 1.3 * k));
const b = Float64Array.from({ length: 10 }, (_, k) => Math.fround(0.1 * Math.cos(k)));
const model = linearModel([1, 28, 28], W, b);
const a: Tensor = { data: maps.data, shape: x.shape };
const target = golden.labels;

async function ours(name: string, options: Record<string, unknown> = {}) {
  const metric = getMetric(name);
  // Masks only for the metrics that take them (unknown options are errors).
  return metric.evaluate(model, x, a, {
    target,
    ...('masks' in metric.defaults ? { masks } : {}),
    ...options,
  });
}
const expectClose = (got: ArrayLike<number>, want: readonly number[], what: string) => {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(
      1e-5,
    );
};

describe('Quantus goldens', () => {
  it('complexity, effective complexity, AUC, relevance rank accuracy and top-k intersection agree', async () => {
    expectClose(
      (await ours('complexity')).scores,
      golden.scores.complexity as number[],
      'complexity',
    );
    expectClose(
      (await ours('effective-complexity')).scores,
      golden.scores['effective-complexity'] as number[],
      'effective-complexity',
    );
    expectClose((await ours('auc')).scores, golden.scores.auc as number[], 'auc');
    expectClose(
      (await ours('relevance-rank-accuracy')).scores,
      golden.scores['relevance-rank-accuracy'] as number[],
      'relevance-rank-accuracy',
    );
    expectClose(
      (await ours('top-k-intersection', { k: 100 })).scores,
      golden.scores['top-k-intersection'] as number[],
      'top-k',
    );
  });

  it('faithfulness estimate, monotonicity and the selectivity curve agree', async () => {
    const fe = await ours('faithfulness-estimate', { featuresInStep: 28 });
    expectClose(
      fe.scores,
      golden.scores['faithfulness-estimate'] as number[],
      'faithfulness-estimate',
    );
    // Quantus returns the curve after each removal; xai's curve starts at the image.
    const sel = await ours('selectivity', { patchSize: 7 });
    const curves = (sel.details!.curves as Tensor).data;
    (golden.scores.selectivity as number[][]).forEach((want, n) => {
      expectClose(curves.subarray(n * 17 + 1, (n + 1) * 17), want, `selectivity curve ${n}`);
    });
  });

  it("monotonicity: Quantus' curve never leaves the baseline (it re-fills the baseline image with the baseline), so it always scores 1; xai inserts the image's pixels", async () => {
    expect(golden.scores.monotonicity).toEqual([1, 1, 1, 1]);
    const mono = await ours('monotonicity', { featuresInStep: 28 });
    const curves = (mono.details!.curves as Tensor).data;
    // xai's curve moves from the baseline image to the image itself, so it is not flat.
    for (let n = 0; n < 4; n++) {
      const c = curves.subarray(n * 29, (n + 1) * 29);
      expect(Math.max(...c) - Math.min(...c)).toBeGreaterThan(1e-3);
    }
    expect(Array.from(mono.scores)).not.toEqual([1, 1, 1, 1]);
  });

  it('relevance mass accuracy: Quantus sums signed relevance, xai (as Arras et al.) positive relevance only', async () => {
    const r = await ours('relevance-mass-accuracy');
    const signed = [0, 1, 2, 3].map((n) => {
      let inside = 0;
      let total = 0;
      for (let p = 0; p < 784; p++) {
        total += a.data[n * 784 + p]!;
        if (masks.data[n * 784 + p]) inside += a.data[n * 784 + p]!;
      }
      return inside / total;
    });
    expectClose(signed, golden.scores['relevance-mass-accuracy'] as number[], 'signed ratio');
    for (const s of r.scores) expect(s).toBeGreaterThanOrEqual(0);
    expect(r.scores[0]).not.toBeCloseTo(
      (golden.scores['relevance-mass-accuracy'] as number[])[0]!,
      2,
    );
  });
});
