/**
 * The pin: every registered metric's scores on the cnn fixture (three images scored one at
 * a time as the evaluation harness does, the gradient method's maps, a fixed seed, the
 * settings below) equal the committed ones in pins/ within
 * 1e-6 of the largest |score| of that metric, so moving code cannot change a score unnoticed.
 *
 * Remake the pins with `node scripts/pins.mjs --update metrics`, and only with a reason: a
 * commit that changes a pin says in its message which metric's scores changed and why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { type Classifier, pickBatch, sliceBatch, type Target, type Tensor } from '@xai/core';
import { fixtureModelPath, fixturePins, loadFixtureImages } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../src/registry.js';

const update = fixturePins.updating();
const { seed } = fixturePins;
const images = [3, 42, 77];
const domain = fixturePins.domain();

/** The garment's pixels (brighter than 0.3) as the localisation metrics' ground truth. */
function objectMasks(): Tensor {
  const pixels = pickBatch(loadFixtureImages(), images);
  return { data: pixels.data.map((v) => (v > 0.3 ? 1 : 0)), shape: [...pixels.shape] };
}

/** What some metrics need (masks, boxes), and fewer samples where the defaults take long. */
function settings(masks: Tensor): Record<string, Record<string, unknown>> {
  const boxes = images.map(() => [[8, 8, 20, 20]]);
  return {
    auc: { masks },
    'relevance-mass-accuracy': { masks },
    'relevance-rank-accuracy': { masks },
    'attribution-localisation': { masks },
    'top-k-intersection': { masks, k: 100 },
    'pointing-game': { boxes },
    'monotonicity-correlation': { samples: 5, featuresInStep: 16 },
    'non-sensitivity': { samples: 5 },
    'relative-input-stability': { samples: 20 },
    'relative-output-stability': { samples: 20 },
    'relative-representation-stability': { samples: 20 },
    'smooth-mprt': { samples: 5 },
  };
}

const sliceRow = (t: Tensor, b: number): Tensor => sliceBatch(t, b, b + 1);

/** A metric's settings for sample b alone: its row of the masks and of the boxes. */
function rowOf(o: Record<string, unknown> | undefined, b: number): Record<string, unknown> {
  if (!o) return {};
  const out = { ...o };
  if (o.masks) out.masks = sliceRow(o.masks as Tensor, b);
  if (o.boxes) out.boxes = [(o.boxes as unknown[])[b]];
  return out;
}

const pinPath = (metric: string) =>
  fileURLToPath(new URL(`./pins/${metric}.json`, import.meta.url));

describe('pinned scores on the cnn fixture', { timeout: 60_000 }, () => {
  let model: Awaited<ReturnType<typeof loadOnnxModel>>;
  const { x, target } = fixturePins.batch(images);
  // Focus's partners: two images of each class (the fixtures hold ten a class, in order).
  const partners = fixturePins.batch(
    Array.from({ length: 20 }, (_, j) => 10 * (j >> 1) + (j & 1) + 4),
  );
  const dataset = { x: partners.x, targets: partners.target };
  const gradient = getMethod('gradient');
  const needs = settings(objectMasks());
  let maps: Tensor;
  /** The method re-run on other inputs, explaining sample b's class unless told otherwise. */
  const explainer = (b: number) => (xs: Tensor, m?: Classifier, t?: Target) =>
    gradient.explain((m ?? model) as typeof model, xs, {
      target: t ?? new Array<number>(xs.shape[0]!).fill(target[b]!),
      domain,
    });
  beforeAll(async () => {
    model = await loadOnnxModel(fixtureModelPath('cnn'));
    maps = await gradient.explain(model, x, { target, domain });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it.each(metrics.map((m) => [m.name, m] as const))('%s', async (metric, m) => {
    const scores: number[] = [];
    for (const b of images.keys()) {
      const r = await m.evaluate(model, sliceRow(x, b), sliceRow(maps, b), {
        target: [target[b]!],
        seed,
        domain,
        explain: explainer(b),
        dataset,
        ...rowOf(needs[metric], b),
      });
      scores.push(...r.scores);
    }
    const path = pinPath(metric);
    if (update) fixturePins.write(path, `${JSON.stringify({ scores }, null, 2)}\n`);
    expect(existsSync(path), `${path}: run node scripts/pins.mjs --update metrics`).toBe(true);
    const pin = (JSON.parse(readFileSync(path, 'utf8')) as { scores: number[] }).scores;
    expect(scores.length).toBe(pin.length);
    const tolerance = 1e-6 * Math.max(...pin.map(Math.abs));
    for (const [i, v] of scores.entries()) {
      // NaN scores (a sample the metric skips: pic where blurring keeps the class) stay
      // NaN; JSON writes them as null.
      if (pin[i] === null) expect(v, `${metric}[${i}]`).toBeNaN();
      else
        expect(
          Math.abs(v - pin[i]!),
          `${metric}[${i}] = ${v}, pinned ${pin[i]}`,
        ).toBeLessThanOrEqual(tolerance);
    }
  });
});
