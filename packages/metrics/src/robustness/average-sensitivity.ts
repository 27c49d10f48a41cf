/**
 * Average sensitivity (Yeh et al. 2019, section 3, the expectation beside definition 3.1):
 * the mean change of the explanation under small input perturbations,
 * `mean_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element.
 * The defaults (r = 0.02, 10 draws, relative to ||phi(x)||) are Captum's, as
 * sensitivity-max's. Lower is better. Needs `explain`; draws from the counter-based
 * generator, stream = sample index (the same neighbours as sensitivity-max for one seed).
 */
import { type AttributionMetric, papers, resolveOptions, resolveTargets } from '@xai/core';
import { neighbourScores, relativeTo, requireExplainer } from '../shared/explainer.js';
import { type SensitivityOptions, sensitivity } from '../shared/sensitivity.js';

export type AverageSensitivityOptions = SensitivityOptions;

export const averageSensitivity: AttributionMetric<AverageSensitivityOptions> = {
  name: 'average-sensitivity',
  title: 'Average sensitivity',
  summary: 'Mean relative change of the explanation under uniform input perturbations of radius r.',
  paper: papers.yeh2019,
  family: 'robustness',
  higherIsBetter: false,
  defaults: sensitivity.defaults,
  rules: sensitivity.rules,
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(averageSensitivity, options);
    requireExplainer(o, 'average-sensitivity');
    const targets = await resolveTargets(model, x, o.target, o);
    const scores = await neighbourScores(
      'average-sensitivity',
      x,
      attributions,
      o,
      sensitivity.neighbours(o),
      (d, a) => relativeTo(d.explanation.reduce((s, v) => s + v, 0) / o.samples, a, o.relative),
      targets,
    );
    return { scores, higherIsBetter: false };
  },
};
