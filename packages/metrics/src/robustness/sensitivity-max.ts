/**
 * Max-sensitivity (Yeh et al. 2019, definition 3.1, as Captum's `sensitivity_max`): the
 * largest change of the explanation under small input perturbations,
 * `max_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element
 * (Captum's defaults: r = 0.02, 10 samples, relative to ||phi(x)||). Lower is better.
 * Needs `explain` in the options; draws from the counter-based generator, stream = sample.
 */
import { type AttributionMetric, papers, resolveOptions } from '@xai/core';
import { neighbourScores, relativeTo } from '../shared/explainer.js';
import { type SensitivityOptions, sensitivity } from '../shared/sensitivity.js';

export type SensitivityMaxOptions = SensitivityOptions;

export const sensitivityMax: AttributionMetric<SensitivityMaxOptions> = {
  name: 'sensitivity-max',
  family: 'robustness',
  higherIsBetter: false,
  title: 'Max-sensitivity',
  summary:
    'Largest relative change of the explanation under uniform input perturbations of radius r.',
  paper: papers.yeh2019,
  defaults: sensitivity.defaults,
  rules: sensitivity.rules,
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(sensitivityMax, options);
    const scores = await neighbourScores(
      'sensitivity-max',
      x,
      attributions,
      o,
      sensitivity.neighbours(o),
      (d, a) => relativeTo(Math.max(...d.explanation), a, o.relative),
    );
    return { scores, higherIsBetter: false };
  },
};
