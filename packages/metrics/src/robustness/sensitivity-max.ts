/**
 * Max-sensitivity (Yeh et al. 2019, definition 3.1, as Captum's `sensitivity_max`): the
 * largest change of the explanation under small input perturbations,
 * `max_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element
 * (Captum's defaults: r = 0.02, 10 samples, relative to ||phi(x)||). Lower is better.
 * Needs `explain` in the options; draws from the counter-based generator, stream = sample.
 */
import { type AttributionMetric, resolveOptions, rule, throwIfAborted } from '@xai/core';
import { neighbourDistances, norm2, requireExplainer } from '../shared/explainer.js';
import { yeh2019 } from '../shared/papers.js';

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
  paper: yeh2019,
  defaults: { radius: 0.02, samples: 10, relative: true },
  rules: {
    radius: rule.positive,
    samples: rule.integer(),
    relative: rule.boolean,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(sensitivityMax, options);
    const explain = requireExplainer(o, 'sensitivity-max');
    const kernels = o.kernels;
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      throwIfAborted(o.signal);
      const a = attributions.data.subarray(b * D, (b + 1) * D);
      const { explanation } = await neighbourDistances(explain, x, b, a, {
        samples: o.samples,
        noise: 'uniform',
        scale: o.radius,
        kernels,
        seed: o.seed ?? 0,
      });
      const scale = o.relative ? norm2(a) : 1;
      const worst = Math.max(...explanation);
      scores[b] = scale === 0 ? (worst === 0 ? 0 : Number.POSITIVE_INFINITY) : worst / scale;
      o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
    }
    return { scores, higherIsBetter: false };
  },
};
