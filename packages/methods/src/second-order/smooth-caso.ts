/**
 * SmoothCASO (Singla et al. 2019, Definition 4, eq. 8): the CASO objective with the
 * gradient and the Hessian averaged over z = x + N(0, sigma^2 I), n = 32 copies (appendix G,
 * Table 3; the text of section 5 says 50) and sigma = 0.15; lambda2 from the top eigenvalue
 * of the averaged Hessian. Noise is drawn by the kernels from the seed.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { explainContextAware } from './context-aware.js';
import { type ContextAwareOptions, contextAwareDefaults, contextAwareRules } from './options.js';
import { singla2019 } from './papers-second-order.js';

/** Options of `smooth-caso`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type SmoothCASOOptions = ContextAwareOptions;

export const smoothCaso: AttributionMethod<SmoothCASOOptions> = {
  name: 'smooth-caso',
  title: 'SmoothCASO',
  summary: 'CASO on the gradient and Hessian averaged over Gaussian-noised copies of the input.',
  paper: singla2019,
  defaults: { ...contextAwareDefaults, samples: 32, sigma: 0.15 },
  rules: contextAwareRules,
  explain(model, x, options) {
    return explainContextAware(model, x, 2, resolveOptions(smoothCaso, options));
  },
};
