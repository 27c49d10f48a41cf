/**
 * Insertion (Petsiuk, Das and Saenko 2018, section 4.1): starting from a blurred copy of
 * the image, pixels are inserted most-important-first and the target's softmax
 * probability is traced; a faithful map makes it rise early, so the area under the curve
 * (trapezoid over x in [0, 1]) is higher for better maps. The mean of the curve, which the
 * ISA paper also reports, is in `details.mean`.
 */
import type { AttributionMetric } from '@xai/core';
import { papers, resolveOptions, withDomain } from '@xai/core';
import {
  type PerturbationCurveOptions,
  perturbationCurveRules,
  perturbationCurves,
} from '../shared/perturbation-curve.js';

export const insertion: AttributionMetric<PerturbationCurveOptions> = {
  name: 'insertion',
  family: 'faithfulness',
  higherIsBetter: true,
  title: 'Insertion',
  summary:
    'Area under the target probability as pixels are inserted into a blurred image, most important first.',
  paper: papers.petsiuk2018,
  defaults: {
    baseline: 'blur',
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
      'insertion',
      withDomain(resolveOptions(insertion, options)),
    );
    return {
      scores: r.auc,
      higherIsBetter: true,
      details: { mean: r.mean, curves: r.curves, targets: r.targets },
    };
  },
};
