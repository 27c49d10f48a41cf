/**
 * Effective complexity (Nguyen and Martinez 2020, section 4.2): the number of features
 * whose absolute attribution exceeds a threshold, `#{i : |a_i| > eps}`; every element of
 * the map is a feature. The paper leaves eps open; the default 1e-5 is Quantus'.
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { scoreEachMap } from '../shared/per-sample.js';

export interface EffectiveComplexityOptions {
  /** The threshold eps on |a_i| (Quantus: 1e-5). */
  readonly eps: number;
}

export const effectiveComplexity: AttributionMetric<EffectiveComplexityOptions> = {
  name: 'effective-complexity',
  title: 'Effective complexity',
  summary: 'How many features have an absolute attribution above eps: lower is simpler.',
  paper: papers.nguyen2020,
  family: 'complexity',
  higherIsBetter: false,
  defaults: { eps: 1e-5 },
  rules: {
    eps: rule.nonNegative,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(effectiveComplexity, options);
    const scores = scoreEachMap(x, attributions, (map) => {
      let count = 0;
      for (const v of map) if (Math.abs(v) > o.eps) count++;
      return count;
    });
    return { scores, higherIsBetter: false };
  },
};
