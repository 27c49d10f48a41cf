/**
 * Faithfulness correlation (Bhatt, Weller and Moura 2020, section 4.1, eq. 3): over
 * `runs` random subsets S of `subsetSize` pixels, Pearson's correlation between the
 * attribution on S, `sum_{i in S} a_i` (channels summed), and the drop of the target's
 * score when S is set to the baseline, `f(x) - f(x_[x_S = baseline])`. The paper leaves
 * |S|, the number of subsets and the baseline open; the defaults (224 pixels, 100 runs,
 * the image's minimum, logits) are Quantus'. Subsets are drawn from the counter-based generator
 * (stream = sample index). Costs `runs + 1` forward passes per sample.
 */
import { type AttributionMetric, type Baseline, papers, resolveOptions, rule } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { pixelScores, subsetDrawer } from '../shared/pixels.js';
import { removalDrops } from '../shared/removal-drops.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { pearson } from '../shared/similarity.js';

export interface FaithfulnessCorrelationOptions {
  /** Random subsets drawn per sample (Quantus: 100). */
  readonly runs: number;
  /** Pixels in each subset (Quantus: 224). */
  readonly subsetSize: number;
  /** What the pixels of a subset become (Quantus' 'black': the image's minimum). */
  readonly baseline: Baseline;
  /** The target's logit (default, as Quantus) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const faithfulnessCorrelation: AttributionMetric<FaithfulnessCorrelationOptions> = {
  name: 'faithfulness-correlation',
  title: 'Faithfulness correlation',
  summary:
    'Correlation between the attribution of random pixel subsets and the score drop when they are removed.',
  paper: papers.bhatt2020,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { runs: 100, subsetSize: 224, baseline: 'min', score: 'logit' },
  rules: {
    runs: rule.integer(2),
    subsetSize: rule.integer(),
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(faithfulnessCorrelation, options);
    const { H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.subsetSize, 'subsetSize', 1, n);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b } = probe;
      const draw = subsetDrawer(n, o.seed ?? 0, b);
      const baseline = sampleBaseline(x, b, o.baseline, o.domain);
      const subset = () => draw(o.subsetSize);
      const r = await removalDrops(probe, pixelScores(attributions, b), baseline, o.runs, subset);
      return pearson(r.sums, r.drops);
    });
    return { scores, higherIsBetter: true };
  },
};
