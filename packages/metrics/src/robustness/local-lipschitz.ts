/**
 * Local Lipschitz estimate (Alvarez-Melis and Jaakkola 2018, eq. 3; the AdaptGrad paper's
 * "consistency"): `max_j ||phi(x) - phi(x_j)|| / ||x - x_j||` over neighbours
 * x_j = x + N(0, sigma^2) (sampled as Quantus estimates it: sigma 0.1). Lower means a
 * more stable explanation. Needs `explain` in the options; draws from the counter-based
 * generator, stream = sample index.
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { neighbourScores } from '../shared/explainer.js';

export interface LocalLipschitzOptions {
  /** Standard deviation of the Gaussian neighbourhood, in model-input units. */
  readonly sigma: number;
  /** Neighbours sampled per sample. */
  readonly samples: number;
}

export const localLipschitz: AttributionMetric<LocalLipschitzOptions> = {
  name: 'local-lipschitz',
  family: 'robustness',
  higherIsBetter: false,
  title: 'Local Lipschitz estimate',
  summary: 'Largest ratio of explanation change to input change over sampled neighbours.',
  paper: papers.alvarezMelis2018,
  defaults: { sigma: 0.1, samples: 20 },
  rules: {
    sigma: rule.positive,
    samples: rule.integer(),
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(localLipschitz, options);
    const noise = { samples: o.samples, noise: 'normal', scale: o.sigma } as const;
    const scores = await neighbourScores('local-lipschitz', x, attributions, o, noise, (d) => {
      // The realised input step (after float32 rounding) is the denominator.
      let worst = 0;
      for (let j = 0; j < o.samples; j++)
        if (d.input[j]! > 0) worst = Math.max(worst, d.explanation[j]! / d.input[j]!);
      return worst;
    });
    return { scores, higherIsBetter: false };
  },
};
