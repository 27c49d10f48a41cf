/**
 * CASO, context-aware second-order interpretation (Singla et al. 2019, Definition 3, eq. 5):
 * argmax_Delta grad l(x)^T Delta + 1/2 Delta^T H_x Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2,
 * with l the cross-entropy of the target and H_x its input Hessian, applied through
 * Hessian-vector products (Gauss-Newton by default, exact for piecewise-linear networks;
 * `hvp: 'finite-difference'` for others). lambda2 = L/2 + c1 makes it strongly concave
 * (Theorem 3); FISTA with backtracking and soft thresholding solves it (section 4);
 * lambda1 comes from the sparsity sweep of section 4.1.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { explainContextAware } from './context-aware.js';
import { type ContextAwareOptions, contextAwareDefaults, contextAwareRules } from './options.js';
import { singla2019 } from './papers-second-order.js';

/** Options of `caso`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type CASOOptions = ContextAwareOptions;

export const caso: AttributionMethod<CASOOptions> = {
  name: 'caso',
  title: 'CASO',
  summary:
    'Context-aware second-order: sparse perturbation maximising the quadratic (gradient + Hessian) model of the cross-entropy.',
  paper: singla2019,
  defaults: { ...contextAwareDefaults, samples: 1, sigma: 0 },
  rules: contextAwareRules,
  explain(model, x, options) {
    return explainContextAware(model, x, 2, resolveOptions(caso, options));
  },
};
