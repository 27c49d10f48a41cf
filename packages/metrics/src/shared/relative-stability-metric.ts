import { type AttributionMetric, papers, resolveOptions } from '@xai/core';
import {
  type Denominator,
  type RelativeStabilityOptions,
  relativeStability,
  relativeStabilityRules,
} from './relative-stability.js';

/** What tells one relative stability from another: the words and the denominator. */
export interface RelativeStabilitySpec {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  /** d(x, x') for the resolved options (eps_min is one of them). */
  readonly denominator: (o: RelativeStabilityOptions) => Denominator;
}

/**
 * A relative stability of Agarwal et al. 2022 as a metric, with Quantus' defaults (200
 * uniform perturbations of radius 0.02, eps_min 1e-6); lower is better.
 */
export function relativeStabilityMetric(
  spec: RelativeStabilitySpec,
): AttributionMetric<RelativeStabilityOptions> {
  const metric: AttributionMetric<RelativeStabilityOptions> = {
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    paper: papers.agarwal2022,
    family: 'robustness',
    higherIsBetter: false,
    defaults: { samples: 200, radius: 0.02, epsMin: 1e-6 },
    rules: relativeStabilityRules,
    async evaluate(model, x, attributions, options) {
      const o = resolveOptions(metric, options);
      const d = spec.denominator(o);
      const scores = await relativeStability(spec.name, model, x, attributions, o, d);
      return { scores, higherIsBetter: false };
    },
  };
  return metric;
}
