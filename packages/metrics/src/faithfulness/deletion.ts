/**
 * Deletion (Petsiuk, Das and Saenko 2018, section 4.1): pixels are set to zero
 * most-important-first and the target's softmax probability is traced; a faithful map
 * makes it fall early, so a lower area under the curve is better. The curve's mean is in
 * `details.mean`.
 */
import type { AttributionMetric } from '@xai/core';
import { papers, resolveOptions, withDomain } from '@xai/core';
import {
  type PerturbationCurveOptions,
  perturbationCurveRules,
  perturbationCurves,
} from '../shared/perturbation-curve.js';

export const deletion: AttributionMetric<PerturbationCurveOptions> = {
  name: 'deletion',
  family: 'faithfulness',
  higherIsBetter: false,
  title: 'Deletion',
  summary:
    'Area under the target probability as pixels are removed (set to zero), most important first.',
  paper: papers.petsiuk2018,
  defaults: {
    baseline: 'zeros',
    channelMerge: 'sum',
    ranking: 'merged',
    score: 'probability',
    normalization: undefined,
    pixelsPerStep: undefined,
    maskResolution: undefined,
  },
  rules: perturbationCurveRules,
  async evaluate(model, x, attributions, options) {
    const r = await perturbationCurves(
      model,
      x,
      attributions,
      'deletion',
      withDomain(resolveOptions(deletion, options)),
    );
    return {
      scores: r.auc,
      higherIsBetter: false,
      details: { mean: r.mean, curves: r.curves, targets: r.targets },
    };
  },
};
