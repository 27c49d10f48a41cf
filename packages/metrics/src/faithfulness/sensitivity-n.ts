/**
 * Sensitivity-n (Ancona et al. 2018, section 3, definition 4): a map is sensitive-n when,
 * for every subset S of n features, `sum_{i in S} a_i = f(x) - f(x_[x_S = 0])`. For each
 * n of `sizes` log-spaced subset sizes from 1 to 80% of the pixels (the paper's range),
 * `subsets` random subsets are drawn (the paper: 100) and Pearson's correlation between
 * the attribution on S (channels summed) and the score drop is taken; the score is the
 * mean over n, the curve is in `details.correlations`. Subsets come from the counter-based
 * generator (stream = sample). Costs `sizes * subsets + 1` forward passes per sample.
 */
import { type AttributionMetric, type Baseline, papers, resolveOptions, rule } from '@xai/core';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { pixelScores, subsetDrawer } from '../shared/pixels.js';
import { removalDrops } from '../shared/removal-drops.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { sampleRows } from '../shared/sample-rows.js';
import { pearson } from '../shared/similarity.js';

export interface SensitivityNOptions {
  /** How many subset sizes n, log-spaced from 1 to 80% of the pixels. */
  readonly sizes: number;
  /** Random subsets per size (the paper: 100). */
  readonly subsets: number;
  /** What the pixels of a subset become (the paper: zero). */
  readonly baseline: Baseline;
  /** The target's logit (the paper's output) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const sensitivityN: AttributionMetric<SensitivityNOptions> = {
  name: 'sensitivity-n',
  title: 'Sensitivity-n',
  summary:
    'Correlation between the attribution of random n-pixel subsets and the score drop, averaged over n.',
  paper: papers.ancona2018,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { sizes: 10, subsets: 100, baseline: 'zeros', score: 'logit' },
  rules: {
    sizes: rule.integer(1, 1000),
    subsets: rule.integer(2),
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(sensitivityN, options);
    const { B, H, W } = imageDims(x, attributions);
    const n = H * W;
    const ns = subsetSizes(n, o.sizes);
    const S = o.subsets;
    const correlations = sampleRows(B, ns.length);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b } = probe;
      const draw = subsetDrawer(n, o.seed ?? 0, b);
      const baseline = sampleBaseline(x, b, o.baseline, o.domain);
      // Groups 0..S-1 have size ns[0], the next S size ns[1], and so on.
      const subset = (g: number) => draw(ns[Math.floor(g / S)]!);
      const pixels = pixelScores(attributions, b);
      const { sums, drops } = await removalDrops(probe, pixels, baseline, ns.length * S, subset);
      const row = correlations.row(b);
      let mean = 0;
      for (let k = 0; k < ns.length; k++) {
        const r = pearson(sums.subarray(k * S, (k + 1) * S), drops.subarray(k * S, (k + 1) * S));
        row[k] = r;
        mean += r / ns.length;
      }
      return mean;
    });
    return {
      scores,
      higherIsBetter: true,
      details: { n: ns, correlations: correlations.tensor },
    };
  },
};

/** `count` distinct log-spaced sizes from 1 to 80% of `n` (fewer when they collide). */
export function subsetSizes(n: number, count: number): number[] {
  const top = Math.max(1, Math.floor(0.8 * n));
  const out = new Set<number>();
  for (let k = 0; k < count; k++) {
    const t = count === 1 ? 1 : k / (count - 1);
    out.add(Math.max(1, Math.round(top ** t)));
  }
  return [...out].sort((a, b) => a - b);
}
