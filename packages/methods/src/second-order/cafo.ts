/**
 * CAFO, context-aware first-order interpretation (Singla et al. 2019, Definition 2, eq. 3):
 * argmax_Delta grad l(x)^T Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2, with l the
 * cross-entropy of the target, solved by FISTA with soft thresholding; lambda2 = L/2 + c1
 * (L the top Hessian eigenvalue, as for CASO so the two compare) and lambda1 by the
 * sparsity sweep of section 4.1. Returns Delta (signed) or, with `output: 'normalized'`,
 * the map of appendix D.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { explainContextAware } from './context-aware.js';
import { type ContextAwareOptions, contextAwareDefaults, contextAwareRules } from './options.js';
import { singla2019 } from './papers-second-order.js';

/** Options of `cafo`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type CAFOOptions = ContextAwareOptions;

export const cafo: AttributionMethod<CAFOOptions> = {
  name: 'cafo',
  title: 'CAFO',
  summary:
    'Context-aware first-order: sparse perturbation maximising the linearised cross-entropy (FISTA, L1 sweep).',
  paper: singla2019,
  defaults: { ...contextAwareDefaults, samples: 1, sigma: 0 },
  rules: contextAwareRules,
  explain(model, x, options) {
    return explainContextAware(model, x, 1, resolveOptions(cafo, options));
  },
};
