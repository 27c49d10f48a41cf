/**
 * Consistency (Dasgupta, Frost and Moshkovitz 2022, section 3, local consistency): inputs
 * with the same explanation should get the same prediction. Explanations are discretised
 * as the set of the `top` pixels of largest absolute attribution (channels summed) with
 * their signs (Quantus' `top_n_sign`, n = 5; the paper leaves the discretisation open);
 * the score of sample i is the share of the other samples with the same discrete
 * explanation whose predicted class equals i's (0 when none). The others are the batch's
 * samples, or with `dataset` (as `xai evaluate` passes) the dataset's, explained by the
 * method (see comparison-set.ts).
 */
import { type AttributionMetric, papers, resolveOptions, rule, type Tensor } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { comparisonSet, samePredictionShare } from '../shared/comparison-set.js';
import { imageDims } from '../shared/image-dims.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';

export interface ConsistencyOptions {
  /** Pixels in the discrete explanation (Quantus: 5). */
  readonly top: number;
}

export const consistency: AttributionMetric<ConsistencyOptions> = {
  name: 'consistency',
  title: 'Consistency',
  summary:
    'Share of the samples with the same discretised explanation that get the same prediction.',
  paper: papers.dasgupta2022,
  family: 'robustness',
  higherIsBetter: true,
  usesDataset: true,
  defaults: { top: 5 },
  rules: {
    top: rule.integer(),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(consistency, options);
    const { B, H, W } = imageDims(x, attributions);
    checkInteger(o.top, 'top', 1, H * W);
    const set = await comparisonSet(model, x, attributions, o, 'consistency');
    const N = set.count;
    const A = attributions.data.length / B;
    const maps: Tensor = { data: set.maps, shape: [N, A / (H * W), H, W] };
    const keys = Array.from({ length: N }, (_, j) => discreteKey(pixelScores(maps, j), o.top));
    const scores = samePredictionShare(set, (i, j) => keys[j] === keys[i]);
    // Set-level work finishes all samples at once.
    o.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: true };
  },
};

/** The top pixels by |a| with their signs, as a string key (the set, sorted by index). */
export function discreteKey(a: Float64Array, top: number): string {
  const order = orderDescending(a.map(Math.abs)).slice(0, top).sort();
  return Array.from(order, (p) => `${p}${Math.sign(a[p]!) < 0 ? '-' : '+'}`).join(',');
}
