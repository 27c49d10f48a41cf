/**
 * Every metric that calls the model or the method stops with ABORTED when the signal has
 * fired, and reports progress; metrics that read the map alone finish at once.
 */
import type { AttributionMetric, Classifier, Model, Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { metrics } from './registry.js';

const mapOnly = new Set([
  'sparseness',
  'pointing-game',
  'attribution-localisation',
  'auc',
  'relevance-mass-accuracy',
  'relevance-rank-accuracy',
  'top-k-intersection',
  'complexity',
  'effective-complexity',
]);

function model(): Model {
  const base = randomLinearModel([1, 4, 4], 3, 2);
  return Object.assign(base, {
    weightLayers: ['top'] as const,
    lastConvLayer: 'input',
    async withRandomizedLayers(_count: number, seed: number) {
      return randomLinearModel([1, 4, 4], 3, 50 + seed);
    },
    async layerVjp(t: Tensor) {
      return { logits: await base.forward(t), activation: t, grad: t };
    },
  });
}
const x: Tensor = {
  data: Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) + 1),
  shape: [4, 1, 4, 4],
};
const a: Tensor = {
  data: Float32Array.from({ length: 64 }, (_, i) => Math.cos(0.7 * i)),
  shape: x.shape,
};
const masks: Tensor = {
  data: Float32Array.from({ length: 64 }, (_, i) => (i % 16 < 6 ? 1 : 0)),
  shape: x.shape,
};
const explain = async (t: Tensor, _m?: Classifier): Promise<Tensor> => ({
  data: t.data.map((v) => v * v),
  shape: t.shape,
});
/** The shared settings, each metric given only the keys it has (unknown keys are errors). */
const options = (m: AttributionMetric, signal?: AbortSignal) =>
  Object.fromEntries(
    Object.entries(settings(signal)).filter(
      ([k]) => k === 'target' || k === 'explain' || k === 'signal' || k in m.defaults,
    ),
  );
const settings = (signal?: AbortSignal) => ({
  target: [0, 0, 1, 1],
  explain,
  masks,
  boxes: [[[0, 0, 1, 1]], [[0, 0, 1, 1]], [[0, 0, 1, 1]], [[0, 0, 1, 1]]],
  k: 4,
  steps: 3,
  patchSize: 2,
  subsetSize: 4,
  segments: 4,
  percentages: [25, 50],
  samples: 2,
  signal,
});

describe('abort and progress', () => {
  it('every metric that runs the model or the method stops on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome: Record<string, string> = {};
    for (const m of metrics) {
      try {
        await m.evaluate(model(), x, a, options(m, controller.signal) as never);
        outcome[m.name] = 'finished';
      } catch (e) {
        outcome[m.name] = (e as { code?: string }).code ?? String(e);
      }
    }
    const expected = Object.fromEntries(
      metrics.map((m) => [m.name, mapOnly.has(m.name) ? 'finished' : 'ABORTED']),
    );
    expect(outcome).toEqual(expected);
  });
});

describe('progress', () => {
  it('every metric that runs the model or the method reports its last step as done', async () => {
    const unfinished: string[] = [];
    for (const m of metrics) {
      if (mapOnly.has(m.name)) continue;
      const events: Array<{ done: number; total: number }> = [];
      await m.evaluate(model(), x, a, {
        ...options(m),
        onProgress: (e: { done: number; total: number }) => events.push(e),
      } as never);
      const last = events.at(-1);
      if (!last || last.done !== last.total) unfinished.push(m.name);
    }
    expect(unfinished).toEqual([]);
  });
});
