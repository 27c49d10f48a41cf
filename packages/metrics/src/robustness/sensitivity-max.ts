/**
 * Max-sensitivity (Yeh et al. 2019, definition 3.1, as Captum's `sensitivity_max`): the
 * largest change of the explanation under small input perturbations,
 * `max_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element
 * (Captum's defaults: r = 0.02, 10 samples, relative to ||phi(x)||). Lower is better.
 * Needs `explain` in the options; draws from the counter-based generator, stream = sample.
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { neighbourScores, relativeTo } from '../shared/explainer.js';

export interface SensitivityMaxOptions {
  /** Radius r of the uniform perturbation, in model-input units. */
  readonly radius: number;
  /** Perturbations per sample. */
  readonly samples: number;
  /** Divide by ||phi(x)|| (Captum's normalisation). */
  readonly relative: boolean;
}

export const sensitivityMax: AttributionMetric<SensitivityMaxOptions> = {
  name: 'sensitivity-max',
  family: 'robustness',
  higherIsBetter: false,
  title: 'Max-sensitivity',
  summary:
    'Largest relative change of the explanation under uniform input perturbations of radius r.',
  paper: papers.yeh2019,
  defaults: { radius: 0.02, samples: 10, relative: true },
  rules: {
    radius: rule.positive,
    samples: rule.integer(),
    relative: rule.boolean,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(sensitivityMax, options);
    const noise = { samples: o.samples, noise: 'uniform', scale: o.radius } as const;
    const scores = await neighbourScores('sensitivity-max', x, attributions, o, noise, (d, a) =>
      relativeTo(Math.max(...d.explanation), a, o.relative),
    );
    return { scores, higherIsBetter: false };
  },
};
