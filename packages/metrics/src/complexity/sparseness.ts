/**
 * Sparseness (Chalasani et al. 2020, as Quantus computes it; the AdaptGrad paper's
 * "sparseness"): the Gini index of the absolute attributions of each sample,
 * `G = sum_i (2i - n - 1) a_(i) / (n sum_i a_(i))` with a_(1) <= ... <= a_(n) sorted
 * ascending. 0 when every feature gets the same share, (n - 1)/n when one gets all.
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { scoreEachMap } from '../shared/per-sample.js';

export interface SparsenessOptions {
  /** Merge channels (sum of absolute values) before the index, or treat every element as a feature. */
  readonly perPixel: boolean;
}

export const sparseness: AttributionMetric<SparsenessOptions> = {
  name: 'sparseness',
  family: 'complexity',
  higherIsBetter: true,
  title: 'Sparseness (Gini index)',
  summary: 'Gini index of the absolute attributions: higher means fewer features carry the map.',
  paper: papers.chalasani2020,
  defaults: { perPixel: false },
  rules: {
    perPixel: rule.boolean,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(sparseness, options);
    // Per pixel, the channels' absolute values are summed into one feature.
    const C = o.perPixel && attributions.shape.length === 4 ? attributions.shape[1]! : 1;
    const scores = scoreEachMap(x, attributions, (map) => {
      const n = map.length / C;
      const a = new Float64Array(n);
      for (let c = 0; c < C; c++) for (let i = 0; i < n; i++) a[i]! += Math.abs(map[c * n + i]!);
      return gini(a);
    });
    return { scores, higherIsBetter: true };
  },
};

/** Gini index of non-negative values; 0 for an all-zero vector. Sorts `a` in place. */
export function gini(a: Float64Array): number {
  a.sort();
  const n = a.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += a[i]!;
    weighted += (2 * (i + 1) - n - 1) * a[i]!;
  }
  return total === 0 ? 0 : weighted / (n * total);
}
