/**
 * Average sensitivity (Yeh et al. 2019, section 3, the expectation beside definition 3.1):
 * the mean change of the explanation under small input perturbations,
 * `mean_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element.
 * The defaults (r = 0.02, 10 draws, relative to ||phi(x)||) are Captum's, as
 * sensitivity-max's. Lower is better. Needs `explain`; draws from the counter-based
 * generator, stream = sample index (the same neighbours as sensitivity-max for one seed).
 */
import { type AttributionMetric, papers, resolveOptions, resolveTargets, rule } from '@xai/core';
import { neighbourScores, relativeTo, requireExplainer } from '../shared/explainer.js';

export interface AverageSensitivityOptions {
  /** Radius r of the uniform perturbation, in model-input units. */
  readonly radius: number;
  /** Perturbations per sample. */
  readonly samples: number;
  /** Divide by ||phi(x)|| (Captum's normalisation). */
  readonly relative: boolean;
}

export const averageSensitivity: AttributionMetric<AverageSensitivityOptions> = {
  name: 'average-sensitivity',
  title: 'Average sensitivity',
  summary: 'Mean relative change of the explanation under uniform input perturbations of radius r.',
  paper: papers.yeh2019,
  family: 'robustness',
  higherIsBetter: false,
  defaults: { radius: 0.02, samples: 10, relative: true },
  rules: {
    radius: rule.positive,
    samples: rule.integer(),
    relative: rule.boolean,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(averageSensitivity, options);
    requireExplainer(o, 'average-sensitivity');
    const targets = await resolveTargets(model, x, o.target, o);
    const noise = { samples: o.samples, noise: 'uniform', scale: o.radius } as const;
    const scores = await neighbourScores(
      'average-sensitivity',
      x,
      attributions,
      o,
      noise,
      (d, a) => relativeTo(d.explanation.reduce((s, v) => s + v, 0) / o.samples, a, o.relative),
      targets,
    );
    return { scores, higherIsBetter: false };
  },
};
