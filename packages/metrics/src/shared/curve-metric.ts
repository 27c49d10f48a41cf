import {
  type AttributionMetric,
  type PaperReference,
  resolveOptions,
  type Tensor,
  withDomain,
} from '@xai/core';
import {
  type PerturbationCurveOptions,
  perturbationCurveRules,
  perturbationCurves,
} from './perturbation-curve.js';

/** What tells insertion from deletion: the direction, the start image and the words. */
export interface CurveMetricSpec {
  readonly name: 'insertion' | 'deletion';
  readonly title: string;
  readonly summary: string;
  readonly paper: PaperReference;
  /** Insertion starts from the baseline and fills pixels in; deletion starts from the image. */
  readonly baseline: PerturbationCurveOptions['baseline'];
}

/**
 * Insertion or deletion as a metric: the area under the target's score as pixels change
 * most-important-first; higher is better for insertion only.
 */
export function curveMetric(spec: CurveMetricSpec): AttributionMetric<PerturbationCurveOptions> {
  const higherIsBetter = spec.name === 'insertion';
  const metric: AttributionMetric<PerturbationCurveOptions> = {
    name: spec.name,
    family: 'faithfulness',
    higherIsBetter,
    title: spec.title,
    summary: spec.summary,
    paper: spec.paper,
    defaults: {
      baseline: spec.baseline,
      channelMerge: 'sum',
      ranking: 'merged',
      score: 'probability',
      normalization: undefined,
      pixelsPerStep: undefined,
      maskResolution: undefined,
    },
    rules: perturbationCurveRules,
    async evaluate(model, x: Tensor, attributions, options) {
      const o = withDomain(resolveOptions(metric, options));
      const r = await perturbationCurves(model, x, attributions, spec.name, o);
      return {
        scores: r.auc,
        higherIsBetter,
        details: { mean: r.mean, curves: r.curves, targets: r.targets },
      };
    },
  };
  return metric;
}
