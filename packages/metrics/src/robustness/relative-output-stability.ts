/**
 * Relative output stability (Agarwal et al. 2022, section 4, eq. 3):
 * `ROS = max_{x'} ||(e_x - e_x') / e_x||_2 / max(||h(x) - h(x')||_2, eps_min)` with h the
 * logits, over perturbed inputs x' that keep the prediction. Lower is better. Defaults
 * as relative input stability's (Quantus'). Needs `explain`.
 */
import { rowDistances } from '../shared/relative-stability.js';
import { relativeStabilityMetric } from '../shared/relative-stability-metric.js';

export const relativeOutputStability = relativeStabilityMetric({
  name: 'relative-output-stability',
  title: 'Relative output stability',
  summary: 'Largest relative change of the explanation over the change of the logits.',
  denominator: () => async (inputs, logits) => rowDistances(logits, inputs.shape[0]!),
});
