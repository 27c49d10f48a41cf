/**
 * What the catalogue's metrics need besides a sample and its map: per-sample masks, the
 * set for set-level metrics, and explanations of other classes. Each result of
 * `evaluate()` equals the metric called directly with the same context, and the masks
 * and the set count in the identities of the results that use them.
 */
import { loadOnnxModel, type OnnxModel } from '@xai/backend-onnx';
import { type Model, sliceBatch, type Target, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { saliency } from '@xai/methods';
import { auc, focus, getMetric, randomLogit, sparseness, sufficiency } from '@xai/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJobOptions, encodeJobOptions } from '../src/queue/job-options.js';
import { evaluate } from '../src/run/evaluate.js';
import { planEvaluation } from '../src/run/plan.js';

let cnn: OnnxModel;
const pointingGame = getMetric('pointing-game');
const all = loadFixtureInputs();
const allLabels = Array.from(loadFixtureLabels());
// Two samples each of two classes, so every focus mosaic finds partners.
const classA = 0;
const picks = [
  classA,
  allLabels.findIndex((l, i) => i > classA && l === allLabels[classA]),
  allLabels.findIndex((l) => l !== allLabels[0]),
];
picks.push(allLabels.findIndex((l, i) => i > picks[2]! && l === allLabels[picks[2]!]));
const D = 28 * 28;
const x: Tensor = {
  data: Float32Array.from(picks.flatMap((p) => Array.from(all.data.subarray(p * D, (p + 1) * D)))),
  shape: [4, 1, 28, 28],
};
const labels = picks.map((p) => allLabels[p]!);
// A different mask per sample: the bright pixels.
const masks = picks.map((_, i) => ({
  data: x.data.slice(i * D, (i + 1) * D).map((v) => (v > 0.5 ? 1 : 0)),
  shape: [1, 28, 28],
}));

beforeAll(async () => {
  cnn = (await loadOnnxModel(fixtureModelPath('cnn'))) as OnnxModel;
});
afterAll(async () => {
  await cnn.dispose();
});

const base = {
  modelHash: 'a'.repeat(64),
  inputs: x,
  targets: labels,
  methods: [saliency],
  seed: 2,
  versions: { '@xai/evaluation': 'test' },
};

/** The metric's context when called directly on sample i (explain of any classes). */
function direct(i: number) {
  return {
    target: [labels[i]!],
    seed: 2,
    explain: (xs: Tensor, m: unknown = cnn, target?: Target) =>
      saliency.explain(m as Model, xs, {
        target: target ?? new Array(xs.shape[0]).fill(labels[i]),
        seed: 2,
      }),
  };
}

describe('evaluate with per-sample options, the set and explain targets', () => {
  it('gives each sample its own mask (and box), as the metrics called directly', async () => {
    const boxes = [[[2, 2, 20, 20]], [[0, 0, 9, 9]], [[5, 5, 27, 27]], [[10, 0, 27, 12]]];
    const r = await evaluate({
      ...base,
      model: cnn,
      metrics: [
        { metric: auc, perSample: { masks } },
        { metric: pointingGame, perSample: { boxes } },
      ],
    });
    expect(r.records).toHaveLength(8);
    for (let i = 0; i < 4; i++) {
      const xi = sliceBatch(x, i, i + 1);
      const map = await saliency.explain(cnn, xi, { target: [labels[i]!], seed: 2 });
      const a = await auc.evaluate(cnn, xi, map, {
        ...direct(i),
        masks: { data: masks[i]!.data, shape: [1, 1, 28, 28] },
      });
      const p = await pointingGame.evaluate(cnn, xi, map, { ...direct(i), boxes: [boxes[i]!] });
      const mine = r.records.filter((q) => q.sample === i);
      expect(mine.find((q) => q.metric === 'auc')!.score).toBe(a.scores[0]);
      expect(mine.find((q) => q.metric === 'pointing-game')!.score).toBe(p.scores[0]);
    }
    // The four masks differ, and so do the AUCs: each sample got its own.
    expect(new Set(r.records.filter((q) => q.metric === 'auc').map((q) => q.score)).size).toBe(4);
  }, 120_000);

  it('gives set-level metrics the whole set and random logit its other class', async () => {
    const r = await evaluate({
      ...base,
      model: cnn,
      metrics: [focus, sufficiency, randomLogit],
    });
    for (let i = 0; i < 4; i++) {
      const xi = sliceBatch(x, i, i + 1);
      const map = await saliency.explain(cnn, xi, { target: [labels[i]!], seed: 2 });
      const ctx = { ...direct(i), dataset: { x, targets: labels } };
      for (const metric of [focus, sufficiency, randomLogit]) {
        const want = await metric.evaluate(cnn, xi, map, ctx);
        const got = r.records.find((q) => q.sample === i && q.metric === metric.name)!;
        expect(Object.is(got.score, want.scores[0]), `${metric.name} #${i}`).toBe(true);
      }
      // Without the set, focus would have no partners for a batch of one.
      const alone = await focus.evaluate(cnn, xi, map, direct(i));
      expect(Number.isNaN(alone.scores[0]!)).toBe(true);
    }
    expect(
      r.records.filter((q) => q.metric === 'focus').every((q) => Number.isFinite(q.score)),
    ).toBe(true);
  }, 240_000);

  it('counts the masks and, for set-level metrics only, the set in the identities', async () => {
    const ids = async (o: Partial<Parameters<typeof planEvaluation>[0]>) =>
      (await planEvaluation({ ...base, metrics: [focus, sparseness], ...o })).flatMap((u) =>
        u.results.map((q) => q.id),
      );
    const other = { data: x.data.slice(), shape: x.shape };
    other.data[3 * D] = other.data[3 * D]! + 0.5;
    const [a, b] = [await ids({}), await ids({ inputs: other })];
    // Sample 0's focus result depends on sample 3 (the set); its sparseness result does not.
    expect(b[0]).not.toBe(a[0]);
    expect(b[1]).toBe(a[1]);
    const masked = async (m: typeof masks) =>
      (await planEvaluation({ ...base, metrics: [{ metric: auc, perSample: { masks: m } }] }))[0]!
        .results[0]!.id;
    const flipped = masks.map((m) => ({ ...m, data: m.data.map((v) => 1 - v) }));
    expect(await masked(flipped)).not.toBe(await masked(masks));
  });

  it('carries tensor options through job data (JSON) and back', () => {
    const options = { masks: { data: Float32Array.of(0, 1, 0.5), shape: [1, 1, 3] }, k: 4 };
    const wire = JSON.parse(JSON.stringify(encodeJobOptions(options)));
    const back = decodeJobOptions(wire) as typeof options;
    expect(back.masks.data).toBeInstanceOf(Float32Array);
    expect(back).toEqual(options);
  });
});
