/**
 * Relative output stability (Agarwal et al. 2022, section 4, eq. 3):
 * `ROS = max_{x'} ||(e_x - e_x') / e_x||_2 / max(||h(x) - h(x')||_2, eps_min)` with h the
 * logits, over perturbed inputs x' that keep the prediction. Lower is better. Defaults
 * as relative input stability's (Quantus'). Needs `explain`.
 */
import { type AttributionMetric, papers, resolveOptions } from '@xai/core';
import {
  type RelativeStabilityOptions,
  relativeStability,
  relativeStabilityRules,
  rowDistances,
} from '../shared/relative-stability.js';

export const relativeOutputStability: AttributionMetric<RelativeStabilityOptions> = {
  name: 'relative-output-stability',
  title: 'Relative output stability',
  summary: 'Largest relative change of the explanation over the change of the logits.',
  paper: papers.agarwal2022,
  family: 'robustness',
  higherIsBetter: false,
  defaults: { samples: 200, radius: 0.02, epsMin: 1e-6 },
  rules: relativeStabilityRules,
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(relativeOutputStability, options);
    const scores = await relativeStability(
      'relative-output-stability',
      model,
      x,
      attributions,
      o,
      async (inputs, logits) => rowDistances(logits, inputs.shape[0]!),
    );
    return { scores, higherIsBetter: false };
  },
};
