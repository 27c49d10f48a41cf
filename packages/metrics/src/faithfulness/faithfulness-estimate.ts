/**
 * Faithfulness estimate (Alvarez-Melis and Jaakkola 2018, section 3, "faithfulness"):
 * each group of `featuresInStep` pixels (taken in order of decreasing attribution) is set
 * to the baseline on its own, and Pearson's correlation between the groups' attribution
 * (channels summed) and the drops of the target's score, `f(x) - f(x_-group)`, is the
 * score. The defaults (one pixel per group, the image's minimum, logits) are Quantus'. Costs
 * `H * W / featuresInStep + 1` forward passes per sample.
 */
import {
  type AttributionMetric,
  type Baseline,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
} from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline, sampleOf } from '../shared/image-sample.js';
import { scoreVariants } from '../shared/model-scores.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { orderDescending, pixelScores, setPixels } from '../shared/pixels.js';
import { pearson } from '../shared/similarity.js';

export interface FaithfulnessEstimateOptions {
  /** Pixels removed together (Quantus: 1). */
  readonly featuresInStep: number;
  /** What removed pixels become (Quantus' 'black': the image's minimum). */
  readonly baseline: Baseline;
  /** The target's logit (default) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const faithfulnessEstimate: AttributionMetric<FaithfulnessEstimateOptions> = {
  name: 'faithfulness-estimate',
  title: 'Faithfulness estimate',
  summary:
    'Correlation between the attribution of each pixel group and the score drop when it alone is removed.',
  paper: papers.alvarezMelis2018Senn,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { featuresInStep: 1, baseline: 'min', score: 'logit' },
  rules: {
    featuresInStep: rule.integer(),
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(faithfulnessEstimate, options);
    const { B, C, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.featuresInStep, 'featuresInStep', 1, n);
    const groups = Math.ceil(n / o.featuresInStep);
    if (groups < 2) checkInteger(o.featuresInStep, 'featuresInStep', 1, Math.floor(n / 2));
    const targets = await resolveTargets(model, x, o.target, o);
    const scores = await scoreEachSample(B, o, async (b) => {
      const a = pixelScores(attributions, b);
      const order = orderDescending(a);
      const baseline = sampleBaseline(x, b, o.baseline, o.domain);
      const sums = new Float64Array(groups);
      const make = (i: number, image: Float32Array) => {
        if (i === 0) return;
        const group = order.subarray((i - 1) * o.featuresInStep, i * o.featuresInStep);
        for (const p of group) sums[i - 1]! += a[p]!;
        setPixels(image, C, n, group, baseline);
      };
      const sample = sampleOf(x, b);
      const f = await scoreVariants(model, sample, groups + 1, make, targets[b]!, o.score, o);
      const drops = new Float64Array(groups);
      for (let g = 0; g < groups; g++) drops[g] = f[0]! - f[g + 1]!;
      return pearson(sums, drops);
    });
    return { scores, higherIsBetter: true };
  },
};
