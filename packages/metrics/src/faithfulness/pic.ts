/**
 * Performance information curves (Kapishnikov et al. 2019, XRAI section 4.1; the AdaptGrad
 * paper's "information level"), following the contract of PAIR's reference code. A small
 * random share of pixels (`randomFraction`) is restored in every image, so edges do not
 * dominate the information estimate; the fully blurred image keeps only those. For each
 * threshold t the "bokeh" image also restores the top t share of pixels by merged
 * saliency. Its information level is its lossless size (entropy-estimate.ts) normalised
 * between the fully blurred image (0) and the original (1), clipped; its score is the
 * target's softmax probability (SIC) or 1/0 for "still classified as the target" (AIC),
 * normalised the same way and, with `keepMonotonous` (the paper's choice), made a running
 * maximum over thresholds. Joined by straight lines from (0, 0) to (1, 1) the points give
 * a curve whose area is the score: higher is better. A sample whose blurred image does
 * not lower the score or the information, or whose original score is below
 * `minPrediction`, cannot be scored: its score is NaN and `details.skipped` says why.
 */
import {
  type AttributionMetric,
  argmaxRows,
  assertFinite,
  gaussianBlur,
  type Kernels,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  softmaxRows,
  XaiError,
} from '@xai/core';
import { mergeChannels } from '../shared/channel-merge.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { losslessBits } from '../shared/entropy-estimate.js';
import { imageDims } from '../shared/image-dims.js';
import { logitsOf } from '../shared/model-scores.js';
import { valueRange } from '../shared/pixels.js';

export interface PicOptions {
  /** 'sic' (softmax information curve) or 'aic' (accuracy information curve). */
  readonly curve: 'sic' | 'aic';
  /** Shares of the most salient pixels restored, ascending in (0, 1) (PAIR's defaults). */
  readonly thresholds: readonly number[];
  /** Share of random pixels restored in every image (PAIR's notebook: 0.01). */
  readonly randomFraction: number;
  /** Samples whose score on the original is lower are skipped (PAIR: 0.8). */
  readonly minPrediction: number;
  /** Make the normalised score a running maximum over thresholds (the paper: true). */
  readonly keepMonotonous: boolean;
  /** The Gaussian blur of the blurred image: taps and sigma. */
  readonly blurSize: number;
  readonly blurSigma: number;
}

export const pic: AttributionMetric<PicOptions> = {
  name: 'pic',
  family: 'faithfulness',
  higherIsBetter: true,
  title: 'Performance information curve (SIC / AIC)',
  summary:
    'Area under the normalised model score against the information level of partially restored blurred images.',
  paper: papers.kapishnikov2019,
  defaults: {
    curve: 'sic',
    thresholds: [0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.13, 0.21, 0.34, 0.5, 0.75],
    randomFraction: 0.01,
    minPrediction: 0.8,
    keepMonotonous: true,
    blurSize: 11,
    blurSigma: 5,
  },
  rules: {
    curve: rule.oneOf('sic', 'aic'),
    thresholds: rule.numbers(0, 1),
    randomFraction: rule.between(0, 1),
    minPrediction: rule.between(0, 1),
    keepMonotonous: rule.boolean,
    blurSize: rule.integer(),
    blurSigma: rule.positive,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(pic, options);
    const { B, C, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    const T = o.thresholds.length;
    if (!o.thresholds.every((t, i) => t > 0 && t < 1 && (i === 0 || t >= o.thresholds[i - 1]!))) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected thresholds ascending in (0, 1) but received [${o.thresholds.join(', ')}].`,
      );
    }
    if (!(o.randomFraction >= 0 && o.randomFraction < 1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected randomFraction in [0, 1) but received ${o.randomFraction}.`,
      );
    }
    const kernels = o.kernels;
    const D = C * H * W;
    const n = H * W;
    const K = model.numClasses;
    const targets = await resolveTargets(model, x, o.target, o);
    const merged = mergeChannels(attributions, 'sum');
    const curves: Array<Array<[number, number]>> = [];
    const skipped: Array<string | null> = [];
    const scores = await scoreEachSample(B, o, async (b) => {
      const original = x.data.subarray(b * D, (b + 1) * D);
      const blurred = gaussianBlur(
        { data: original, shape: [C, H, W] },
        o.blurSize,
        o.blurSigma,
      ).data;
      const restored = await randomPixels(kernels, n, o.randomFraction, o.seed ?? 0, b);
      const order = (
        await kernels.argsortDescending({
          data: merged.data.subarray(b * n, (b + 1) * n),
          shape: [n],
        })
      ).data;
      // Images: the original, the fully blurred one, then one bokeh image per threshold.
      const images = new Float32Array((T + 2) * D);
      images.set(original, 0);
      const compose = (slot: number) => {
        const img = images.subarray(slot * D, (slot + 1) * D);
        for (let c = 0; c < C; c++) {
          for (let p = 0; p < n; p++)
            img[c * n + p] = restored[p] ? original[c * n + p]! : blurred[c * n + p]!;
        }
      };
      compose(1);
      let kept = 0;
      for (let j = 0; j < T; j++) {
        for (const target = Math.round(o.thresholds[j]! * n); kept < target; kept++)
          restored[order[kept]!] = 1;
        compose(j + 2);
      }
      const t = targets[b]!;
      const logits = await logitsOf(model, images, T + 2, [C, H, W], o);
      const p = softmaxRows(logits, T + 2, K);
      const top = argmaxRows(logits, T + 2, K);
      const pred = Array.from({ length: T + 2 }, (_, i) =>
        o.curve === 'aic' ? (top[i] === t ? 1 : 0) : p[i * K + t]!,
      );
      const [lo, hi] = valueRange(original);
      const bits = (slot: number) =>
        losslessBits(images.subarray(slot * D, (slot + 1) * D), C, H, W, lo, hi);
      const full = bits(0);
      const none = bits(1);
      const reason =
        pred[0]! < o.minPrediction
          ? `the score on the original (${pred[0]!.toFixed(3)}) is below minPrediction ${o.minPrediction}`
          : pred[1]! >= pred[0]!
            ? 'blurring does not lower the score'
            : none >= full
              ? 'blurring does not lower the information estimate'
              : null;
      skipped.push(reason);
      if (reason) {
        curves.push([]);
        return Number.NaN;
      }
      const points: Array<[number, number]> = [];
      let best = 0;
      for (let j = 0; j < T; j++) {
        const level = clip01((bits(j + 2) - none) / (full - none));
        const score = clip01((pred[j + 2]! - pred[1]!) / (pred[0]! - pred[1]!));
        best = Math.max(best, score);
        points.push([level, o.keepMonotonous ? best : score]);
      }
      points.push([0, 0], [1, 1]);
      points.sort((p, q) => p[0] - q[0]); // stable: ties keep threshold order
      let area = 0;
      for (let i = 1; i < points.length; i++)
        area += ((points[i]![0] - points[i - 1]![0]) * (points[i]![1] + points[i - 1]![1])) / 2;
      curves.push(points);
      return area;
    });
    return { scores, higherIsBetter: true, details: { curves, skipped } };
  },
};

function clip01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** A 0/1 mask with round(fraction * n) pixels set: those with the smallest uniform draws. */
async function randomPixels(
  kernels: Kernels,
  n: number,
  fraction: number,
  seed: number,
  stream: number,
): Promise<Uint8Array> {
  const mask = new Uint8Array(n);
  const k = Math.round(fraction * n);
  if (k === 0) return mask;
  const u = await kernels.random({ distribution: 'uniform', shape: [n], seed, stream });
  const order = (await kernels.argsortDescending({ data: u.data.map((v) => -v), shape: [n] })).data;
  for (let i = 0; i < k; i++) mask[order[i]!] = 1;
  return mask;
}
