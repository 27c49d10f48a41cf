/**
 * Local Lipschitz estimate (Alvarez-Melis and Jaakkola 2018, eq. 3; the AdaptGrad paper's
 * "consistency"): `max_j ||phi(x) - phi(x_j)|| / ||x - x_j||` over neighbours
 * x_j = x + N(0, sigma^2) (sampled as Quantus estimates it: sigma 0.1). Lower means a
 * more stable explanation. Needs `explain` in the options; draws from the counter-based
 * generator, stream = sample index.
 */
import { type AttributionMetric, resolveOptions, rule, throwIfAborted } from '@xai/core';
import { neighbourDistances, requireExplainer } from '../shared/explainer.js';
import { alvarezMelis2018 } from '../shared/papers.js';

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
  paper: alvarezMelis2018,
  defaults: { sigma: 0.1, samples: 20 },
  rules: {
    sigma: rule.positive,
    samples: rule.integer(),
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(localLipschitz, options);
    const explain = requireExplainer(o, 'local-lipschitz');
    const kernels = o.kernels;
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      throwIfAborted(o.signal);
      const a = attributions.data.subarray(b * D, (b + 1) * D);
      const { explanation, input } = await neighbourDistances(explain, x, b, a, {
        samples: o.samples,
        noise: 'normal',
        scale: o.sigma,
        kernels,
        seed: o.seed ?? 0,
      });
      // The realised input step (after float32 rounding) is the denominator.
      let worst = 0;
      for (let j = 0; j < o.samples; j++)
        if (input[j]! > 0) worst = Math.max(worst, explanation[j]! / input[j]!);
      scores[b] = worst;
      o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
    }
    return { scores, higherIsBetter: false };
  },
};
