import { rule } from '@xai/core';

/** The options of max- and average-sensitivity (Yeh et al. 2019), Captum's defaults. */
export interface SensitivityOptions {
  /** Radius r of the uniform perturbation, in model-input units. */
  readonly radius: number;
  /** Perturbations per sample. */
  readonly samples: number;
  /** Divide by ||phi(x)|| (Captum's normalisation). */
  readonly relative: boolean;
}

export const sensitivity = {
  defaults: { radius: 0.02, samples: 10, relative: true } satisfies SensitivityOptions,
  rules: { radius: rule.positive, samples: rule.integer(), relative: rule.boolean },
  /** The neighbours both draw: `samples` uniform perturbations in [-radius, radius]. */
  neighbours: (o: SensitivityOptions) =>
    ({ samples: o.samples, noise: 'uniform', scale: o.radius }) as const,
};
