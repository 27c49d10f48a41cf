/**
 * Sufficiency (Dasgupta, Frost and Moshkovitz 2022, section 3, local sufficiency): an
 * explanation is sufficient when the other inputs it applies to get the same prediction.
 * Across the batch, sample j's explanation "applies to" sample i when the Euclidean
 * distance of their maps, divided by the largest distance in the batch, is at most
 * `threshold`; the score of i is the share of those j != i whose predicted class equals
 * i's (0 when none). The threshold 0.6 is Quantus' (the paper leaves it open); Quantus
 * uses the standardised Euclidean distance, undefined for features constant over the batch,
 * so the plain one is used here. The others are the batch's samples, or with `dataset`
 * (as `xai evaluate` passes) the dataset's, explained by the method (see comparison-set.ts).
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { comparisonSet, samePredictionShare } from '../shared/comparison-set.js';
import { mapSize } from '../shared/per-sample.js';

export interface SufficiencyOptions {
  /** Largest normalised distance at which two explanations count as the same (Quantus: 0.6). */
  readonly threshold: number;
}

export const sufficiency: AttributionMetric<SufficiencyOptions> = {
  name: 'sufficiency',
  title: 'Sufficiency',
  summary: 'Share of the samples with a nearby explanation that get the same prediction.',
  paper: papers.dasgupta2022,
  family: 'faithfulness',
  higherIsBetter: true,
  usesDataset: true,
  defaults: { threshold: 0.6 },
  rules: {
    threshold: rule.between(0, 1),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(sufficiency, options);
    const D = mapSize(x, attributions);
    const B = x.shape[0]!;
    const set = await comparisonSet(model, x, attributions, o, 'sufficiency');
    const N = set.count;
    const near = nearMatrix(set.maps, N, D, o.threshold);
    const scores = samePredictionShare(set, (i, j) => near[i * N + j] !== 0);
    // Set-level work finishes all samples at once.
    o.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: true };
  },
};

/** Whether each pair of maps is within `threshold` of the largest pairwise distance. */
export function nearMatrix(
  maps: ArrayLike<number>,
  B: number,
  D: number,
  threshold: number,
): Uint8Array {
  const dist = new Float64Array(B * B);
  let max = 0;
  for (let i = 0; i < B; i++) {
    for (let j = i + 1; j < B; j++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += (maps[i * D + k]! - maps[j * D + k]!) ** 2;
      dist[i * B + j] = dist[j * B + i] = Math.sqrt(s);
      max = Math.max(max, dist[i * B + j]!);
    }
  }
  const out = new Uint8Array(B * B);
  for (let k = 0; k < B * B; k++) out[k] = (max === 0 ? 0 : dist[k]! / max) <= threshold ? 1 : 0;
  return out;
}
