/**
 * Faithfulness correlation (Bhatt, Weller and Moura 2020, section 4.1, eq. 3): over
 * `runs` random subsets S of `subsetSize` pixels, Pearson's correlation between the
 * attribution on S, `sum_{i in S} a_i` (channels summed), and the drop of the target's
 * score when S is set to the baseline, `f(x) - f(x_[x_S = baseline])`. The paper leaves
 * |S|, the number of subsets and the baseline open; the defaults (224 pixels, 100 runs,
 * the image's minimum, logits) are Quantus'. Subsets are drawn from the counter-based generator
 * (stream = sample index). Costs `runs + 1` forward passes per sample.
 */
import {
  type AttributionMetric,
  type Baseline,
  createRng,
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
import { pixelScores, randomSubset, setPixels } from '../shared/pixels.js';
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
    const { B, C, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.subsetSize, 'subsetSize', 1, n);
    const targets = await resolveTargets(model, x, o.target, o);
    const scores = await scoreEachSample(B, o, async (b) => {
      const a = pixelScores(attributions, b);
      const sample = sampleOf(x, b);
      const baseline = sampleBaseline(x, b, o.baseline, o.domain);
      const rng = createRng(o.seed ?? 0, b);
      const sums = new Float64Array(o.runs);
      const make = (i: number, image: Float32Array) => {
        if (i === 0) return;
        const subset = randomSubset(n, o.subsetSize, (k) => rng.int(k));
        for (const p of subset) sums[i - 1]! += a[p]!;
        setPixels(image, C, n, subset, baseline);
      };
      const f = await scoreVariants(model, sample, o.runs + 1, make, targets[b]!, o.score, o);
      const drops = new Float64Array(o.runs);
      for (let r = 0; r < o.runs; r++) drops[r] = f[0]! - f[r + 1]!;
      return pearson(sums, drops);
    });
    return { scores, higherIsBetter: true };
  },
};
