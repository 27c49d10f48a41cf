/**
 * Average sensitivity (Yeh et al. 2019, section 3, the expectation beside definition 3.1):
 * the mean change of the explanation under small input perturbations,
 * `mean_j ||phi(x + d_j) - phi(x)|| / ||phi(x)||` with d_j uniform in [-r, r] per element.
 * The defaults (r = 0.02, 10 draws, relative to ||phi(x)||) are Captum's, as
 * sensitivity-max's. Lower is better. Needs `explain`; draws from the counter-based
 * generator, stream = sample index (the same neighbours as sensitivity-max for one seed).
 */
import { type AttributionMetric, resolveOptions, rule, throwIfAborted } from '@xai/core';
import { neighbourDistances, norm2, requireExplainer } from '../shared/explainer.js';
import { sampleTargets } from '../shared/model-scores.js';
import { yeh2019 } from '../shared/papers.js';

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
  paper: yeh2019,
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
    const explain = requireExplainer(o, 'average-sensitivity');
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const targets = await sampleTargets(model, x, o.target);
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      throwIfAborted(o.signal);
      const a = attributions.data.subarray(b * D, (b + 1) * D);
      const { explanation } = await neighbourDistances(explain, x, b, a, {
        samples: o.samples,
        noise: 'uniform',
        scale: o.radius,
        kernels: o.kernels,
        seed: o.seed ?? 0,
        target: targets[b]!,
      });
      const scale = o.relative ? norm2(a) : 1;
      const mean = explanation.reduce((s, v) => s + v, 0) / explanation.length;
      scores[b] = scale === 0 ? (mean === 0 ? 0 : Number.POSITIVE_INFINITY) : mean / scale;
      o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
    }
    return { scores, higherIsBetter: false };
  },
};
