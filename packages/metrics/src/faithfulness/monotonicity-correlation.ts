/**
 * Monotonicity correlation (Nguyen and Martinez 2020, section 4.1): for each pixel group
 * (in order of increasing attribution, channels summed), the expected squared change of
 * the target's score when the group alone is replaced with uniform noise,
 * `v_g = E[(f(x) - f(x_g~U))^2]` over `samples` draws, and the score is Spearman's
 * correlation between the groups' attribution and v_g (a faithful map ranks them alike).
 * The paper leaves the draws open; the defaults (100 draws, one pixel a group, noise
 * uniform over the image's value range) follow Quantus. Costs
 * `samples * H * W / featuresInStep + 1` forward passes per sample.
 */
import { type AttributionMetric, createRng, papers, resolveOptions, rule } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { scoreRule } from '../shared/option-rules.js';
import { orderAscending, pixelScores, valueRange } from '../shared/pixels.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { spearman } from '../shared/similarity.js';

export interface MonotonicityCorrelationOptions {
  /** Noise draws per group (Quantus: 100). */
  readonly samples: number;
  /** Pixels perturbed together (Quantus: 1). */
  readonly featuresInStep: number;
  /** The target's logit (default) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const monotonicityCorrelation: AttributionMetric<MonotonicityCorrelationOptions> = {
  name: 'monotonicity-correlation',
  title: 'Monotonicity correlation (Nguyen and Martinez)',
  summary:
    'Rank correlation between the attribution of pixel groups and the squared score change when they are noised.',
  paper: papers.nguyen2020,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { samples: 100, featuresInStep: 1, score: 'logit' },
  rules: {
    samples: rule.integer(),
    featuresInStep: rule.integer(),
    score: scoreRule,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(monotonicityCorrelation, options);
    const { C, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.featuresInStep, 'featuresInStep', 1, Math.max(1, Math.floor(n / 2)));
    const groups = Math.ceil(n / o.featuresInStep);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b, sample } = probe;
      const a = pixelScores(attributions, b);
      const order = orderAscending(a);
      const [lo, hi] = valueRange(sample.data);
      const rng = createRng(o.seed ?? 0, b);
      const make = (i: number, image: Float32Array) => {
        if (i === 0) return;
        const g = Math.floor((i - 1) / o.samples);
        const group = order.subarray(g * o.featuresInStep, (g + 1) * o.featuresInStep);
        for (let c = 0; c < C; c++)
          for (const p of group) image[c * n + p] = lo + (hi - lo) * rng.uniform();
      };
      const count = groups * o.samples + 1;
      const f = await probe.scoreVariants(count, make);
      const sums = new Float64Array(groups);
      const change = new Float64Array(groups);
      for (let g = 0; g < groups; g++) {
        for (const p of order.subarray(g * o.featuresInStep, (g + 1) * o.featuresInStep))
          sums[g]! += a[p]!;
        for (let s = 0; s < o.samples; s++) change[g]! += (f[0]! - f[1 + g * o.samples + s]!) ** 2;
        change[g]! /= o.samples;
      }
      return spearman(sums, change);
    });
    return { scores, higherIsBetter: true };
  },
};
