import { loadOnnxModel, type OnnxModel } from '@xai/backend-onnx';
import { type Model, type ProgressEvent, sliceBatch, type Target, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { integratedGradients, saliency } from '@xai/methods';
import { deletion, insertion, metrics, sparseness } from '@xai/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from '../src/node/hash-file.js';
import { type EvaluateOptions, evaluate } from '../src/run/evaluate.js';
import { memoryStore } from '../src/store/memory-store.js';

let cnn: OnnxModel;
let resnet: OnnxModel;
let cnnHash: string;
let resnetHash: string;
const all = loadFixtureInputs();
const labels = Array.from(loadFixtureLabels());
const x = sliceBatch(all, 0, 2);
const fast = { pixelsPerStep: 112 };
// Cheaper settings for the metrics whose defaults cost thousands of passes on 28 x 28.
const cheaper: Record<string, Record<string, unknown>> = {
  'faithfulness-correlation': { runs: 10, subsetSize: 50 },
  'faithfulness-estimate': { featuresInStep: 28 },
  monotonicity: { featuresInStep: 28 },
  'monotonicity-correlation': { samples: 2, featuresInStep: 56 },
  'sensitivity-n': { subsets: 5, sizes: 3 },
  'road-morf': { percentages: [10, 50, 90] },
  'road-lerf': { percentages: [10, 50, 90] },
  'non-sensitivity': { samples: 1 },
  'relative-input-stability': { samples: 4 },
  'relative-output-stability': { samples: 4 },
  'relative-representation-stability': { samples: 4 },
  'smooth-mprt': { samples: 2 },
  'top-k-intersection': { k: 100 },
  continuity: { steps: 3 },
};

beforeAll(async () => {
  cnn = (await loadOnnxModel(fixtureModelPath('cnn'))) as OnnxModel;
  resnet = (await loadOnnxModel(fixtureModelPath('resnet'))) as OnnxModel;
  cnnHash = await hashFile(fixtureModelPath('cnn'));
  resnetHash = await hashFile(fixtureModelPath('resnet'));
});
afterAll(async () => {
  await cnn.dispose();
  await resnet.dispose();
});

describe('evaluate', () => {
  it('gives the scores of the methods and metrics called directly, and counts every step', async () => {
    const events: ProgressEvent[] = [];
    const r = await evaluate({
      model: cnn,
      modelHash: cnnHash,
      inputs: x,
      targets: labels.slice(0, 2),
      methods: [saliency],
      metrics: [{ metric: insertion, options: fast }, sparseness],
      seed: 3,
      onProgress: (e) => events.push(e),
    });
    expect(r.records).toHaveLength(4);
    for (let i = 0; i < 2; i++) {
      const xi = sliceBatch(x, i, i + 1);
      const target = [labels[i]!];
      const map = await saliency.explain(cnn, xi, { target, seed: 3 });
      const ins = await insertion.evaluate(cnn, xi, map, { target, seed: 3, ...fast });
      const sp = await sparseness.evaluate(cnn, xi, map, { target, seed: 3 });
      const mine = r.records.filter((q) => q.sample === i);
      expect(mine.map((q) => q.metric)).toEqual(['insertion', 'sparseness']);
      expect(mine[0]!.score).toBe(ins.scores[0]);
      expect(mine[0]!.curve).toEqual(Array.from((ins.details!.curves as Tensor).data));
      expect(mine[1]!.score).toBe(sp.scores[0]);
    }
    const mean = (r.records[0]!.score + r.records[2]!.score) / 2;
    expect(r.table.saliency!.insertion!.mean).toBeCloseTo(mean, 12);
    expect(r.table.saliency!.insertion!.n).toBe(2);
    // 2 explanations and 4 metric evaluations, counted together.
    expect(events.at(-1)).toMatchObject({ done: 6, total: 6 });
    expect(events.filter((e) => e.phase === 'explained')).toHaveLength(2);
    expect(events.filter((e) => e.phase === 'scored')).toHaveLength(4);
    expect(r).toMatchObject({ explained: 2, computed: 4, reused: 0 });
  });

  it('reuses a result only when its identity matches', async () => {
    const store = memoryStore();
    const base: EvaluateOptions = {
      model: cnn,
      modelHash: cnnHash,
      inputs: x,
      targets: labels.slice(0, 2),
      methods: [{ method: integratedGradients, options: { steps: 4 } }],
      metrics: [{ metric: deletion, options: fast }],
      seed: 0,
      store,
    };
    const counts = async (o: Partial<EvaluateOptions>) => {
      const r = await evaluate({ ...base, ...o });
      return [r.computed, r.reused];
    };
    expect(await counts({})).toEqual([2, 0]);
    // The same, also with a default spelt out or set to undefined: reused.
    expect(await counts({})).toEqual([0, 2]);
    expect(
      await counts({
        methods: [
          {
            method: integratedGradients,
            options: { steps: 4, rule: 'right', baseline: undefined },
          },
        ],
      }),
    ).toEqual([0, 2]);
    // Another model, other options, another seed, another target: computed.
    expect(await counts({ model: resnet, modelHash: resnetHash })).toEqual([2, 0]);
    expect(
      await counts({ methods: [{ method: integratedGradients, options: { steps: 8 } }] }),
    ).toEqual([2, 0]);
    expect(
      await counts({ metrics: [{ metric: deletion, options: { pixelsPerStep: 56 } }] }),
    ).toEqual([2, 0]);
    expect(await counts({ seed: 1 })).toEqual([2, 0]);
    expect(await counts({ targets: [labels[0]!, (labels[1]! + 1) % 10] })).toEqual([1, 1]);
    // Another sample: only it is computed; the shared one is reused at its new position.
    const shifted = await evaluate({
      ...base,
      inputs: sliceBatch(all, 1, 3),
      targets: labels.slice(1, 3),
    });
    expect([shifted.computed, shifted.reused]).toEqual([1, 1]);
    expect(shifted.records.map((q) => q.sample)).toEqual([0, 1]);
    // A new metric: only it is computed (the map is made again for it).
    const more = await evaluate({ ...base, metrics: [...base.metrics, sparseness] });
    expect(more).toMatchObject({ explained: 2, computed: 2, reused: 2 });
    // A package upgrade: computed.
    expect(await counts({ versions: { '@xai/evaluation': '9.9.9' } })).toEqual([2, 0]);
  }, 60_000);

  it('stops at an abort between units, keeping the finished ones for the next call', async () => {
    const store = memoryStore();
    const controller = new AbortController();
    const o = {
      model: cnn,
      modelHash: cnnHash,
      inputs: sliceBatch(all, 0, 3),
      targets: labels.slice(0, 3),
      methods: [saliency],
      metrics: [sparseness],
      store,
    };
    await expect(
      evaluate({
        ...o,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.phase === 'scored') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(store.records.size).toBe(1);
    expect(await evaluate(o)).toMatchObject({ computed: 2, reused: 1 });
  });

  it('rejects a plan it cannot run before any model pass', async () => {
    const o = {
      model: cnn,
      modelHash: cnnHash,
      inputs: x,
      methods: [saliency],
      metrics: [sparseness],
    };
    await expect(evaluate({ ...o, targets: [1] })).rejects.toThrow(
      /Expected one target per sample \(2\) but received 1/,
    );
    await expect(evaluate({ ...o, targets: [1, 2], seed: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      evaluate({ ...o, targets: [1, 2], metrics: [sparseness, sparseness] }),
    ).rejects.toThrow(/'sparseness' twice/);
  });

  it.each(metrics.map((m) => [m.name, m] as const))(
    'scores with %s as calling the metric directly does',
    async (_name, metric) => {
      const xi = sliceBatch(x, 0, 1);
      const target = [labels[0]!];
      const mask = { data: xi.data.map((v) => (v > 0.5 ? 1 : 0)), shape: [1, 28, 28] };
      const boxes = [[4, 4, 20, 20]];
      const perSample: Record<string, unknown[]> | undefined =
        metric.name === 'pointing-game'
          ? { boxes: [boxes] }
          : 'masks' in metric.defaults
            ? { masks: [mask] }
            : undefined;
      const options = cheaper[metric.name] ?? {};
      const r = await evaluate({
        model: cnn,
        modelHash: cnnHash,
        inputs: xi,
        targets: target,
        methods: [saliency],
        metrics: [{ metric, options, ...(perSample ? { perSample } : {}) }],
        seed: 1,
      });
      const map = await saliency.explain(cnn, xi, { target, seed: 1 });
      const direct = await metric.evaluate(cnn, xi, map, {
        ...options,
        target,
        seed: 1,
        explain: (xs: Tensor, m = cnn, t?: Target) =>
          saliency.explain(m as Model, xs, {
            target: t ?? new Array(xs.shape[0]).fill(target[0]),
            seed: 1,
          }),
        ...(perSample?.boxes ? { boxes: [boxes] } : {}),
        ...(perSample?.masks ? { masks: { ...mask, shape: [1, 1, 28, 28] } } : {}),
      });
      expect(r.records).toHaveLength(1);
      expect(Object.is(r.records[0]!.score, direct.scores[0])).toBe(true);
      // The direction declared on the metric is the one its results give at the defaults.
      expect(direct.higherIsBetter).toBe(metric.higherIsBetter);
    },
    60_000,
  );
});
