/**
 * Faithfulness estimate (Alvarez-Melis and Jaakkola 2018, section 3, "faithfulness"):
 * each group of `featuresInStep` pixels (taken in order of decreasing attribution) is set
 * to the baseline on its own, and Pearson's correlation between the groups' attribution
 * (channels summed) and the drops of the target's score, `f(x) - f(x_-group)`, is the
 * score. The defaults (one pixel per group, the image's minimum, logits) are Quantus'. Costs
 * `H * W / featuresInStep + 1` forward passes per sample.
 */
import { type AttributionMetric, type Baseline, papers, resolveOptions, rule } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';
import { removalDrops } from '../shared/removal-drops.js';
import { probeEachSample } from '../shared/sample-probe.js';
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
    const { H, W } = imageDims(x, attributions);
    const n = H * W;
    const k = o.featuresInStep;
    checkInteger(k, 'featuresInStep', 1, n);
    const groups = Math.ceil(n / k);
    if (groups < 2) checkInteger(k, 'featuresInStep', 1, Math.floor(n / 2));
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const a = pixelScores(attributions, probe.b);
      const order = orderDescending(a);
      const baseline = sampleBaseline(x, probe.b, o.baseline, o.domain);
      const group = (g: number) => order.subarray(g * k, (g + 1) * k);
      const r = await removalDrops(probe, a, baseline, groups, group);
      return pearson(r.sums, r.drops);
    });
    return { scores, higherIsBetter: true };
  },
};
