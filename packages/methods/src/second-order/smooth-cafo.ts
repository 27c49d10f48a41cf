/**
 * SmoothCAFO (Singla et al. 2019, section 5, "Smooth CAFO is defined similarly"): eq. 8
 * without the Hessian term, the gradient averaged over z = x + N(0, sigma^2 I). n = 32
 * noisy copies (appendix G, Table 3; the text of section 5 says 50) with sigma = 0.15.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { explainContextAware } from './context-aware.js';
import { type ContextAwareOptions, contextAwareDefaults, contextAwareRules } from './options.js';
import { singla2019 } from './papers-second-order.js';

/** Options of `smooth-cafo`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type SmoothCAFOOptions = ContextAwareOptions;

export const smoothCafo: AttributionMethod<SmoothCAFOOptions> = {
  name: 'smooth-cafo',
  title: 'SmoothCAFO',
  summary: 'CAFO on the gradient averaged over Gaussian-noised copies of the input.',
  paper: singla2019,
  defaults: { ...contextAwareDefaults, samples: 32, sigma: 0.15 },
  rules: contextAwareRules,
  explain(model, x, options) {
    return explainContextAware(model, x, 1, resolveOptions(smoothCafo, options));
  },
};
