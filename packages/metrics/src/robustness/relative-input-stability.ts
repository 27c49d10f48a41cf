/**
 * Relative input stability (Agarwal et al. 2022, section 4, eq. 2):
 * `RIS = max_{x'} ||(e_x - e_x') / e_x||_2 / max(||(x - x') / x||_2, eps_min)` over
 * perturbed inputs x' that keep the prediction. Lower is better. The defaults (200
 * uniform perturbations of radius 0.02, eps_min 1e-6) follow Quantus. Needs `explain`;
 * costs the method and one forward pass on each perturbed copy.
 */
import { relativeRowDistances } from '../shared/relative-stability.js';
import { relativeStabilityMetric } from '../shared/relative-stability-metric.js';

export const relativeInputStability = relativeStabilityMetric({
  name: 'relative-input-stability',
  title: 'Relative input stability',
  summary: 'Largest relative change of the explanation over the relative change of the input.',
  denominator: (o) => async (inputs) =>
    relativeRowDistances(inputs.data, inputs.shape[0]!, o.epsMin),
});
