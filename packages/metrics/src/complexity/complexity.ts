/**
 * Complexity (Bhatt, Weller and Moura 2020, section 4.3, eq. 7): the entropy of the
 * fractional contribution of each feature, `P(i) = |a_i| / sum_j |a_j|`,
 * `mu_C = -sum_i P(i) ln P(i)` (natural log, as Quantus through scipy). Every element of
 * the map is a feature. 0 for a one-hot map, ln(n) for a uniform one; 0 for an all-zero map.
 */
import { type AttributionMetric, papers, resolveOptions } from '@xai/core';
import { scoreEachMap } from '../shared/per-sample.js';

export type ComplexityOptions = Record<never, never>;

export const complexity: AttributionMetric<ComplexityOptions> = {
  name: 'complexity',
  title: 'Complexity (entropy of contributions)',
  summary:
    "Entropy of each feature's share of the absolute attribution: lower means a simpler map.",
  paper: papers.bhatt2020,
  family: 'complexity',
  higherIsBetter: false,
  defaults: {},
  async evaluate(_model, x, attributions, options) {
    // No options of its own; unknown keys are still errors.
    resolveOptions(complexity, options);
    const scores = scoreEachMap(x, attributions, (map) => {
      let total = 0;
      for (const v of map) total += Math.abs(v);
      let h = 0;
      if (total > 0) {
        for (const v of map) {
          const p = Math.abs(v) / total;
          if (p > 0) h -= p * Math.log(p);
        }
      }
      return h;
    });
    return { scores, higherIsBetter: false };
  },
};
