/**
 * CAFO, context-aware first-order interpretation (Singla et al. 2019, Definition 2, eq. 3):
 * argmax_Delta grad l(x)^T Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2, with l the
 * cross-entropy of the target, solved by FISTA with soft thresholding; lambda2 = L/2 + c1
 * (L the top Hessian eigenvalue, as for CASO so the two compare) and lambda1 by the
 * sparsity sweep of section 4.1. Returns Delta (signed) or, with `output: 'normalized'`,
 * the map of appendix D.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions, rule } from '@xai/core';
import {
  type ContextAwareOptions,
  contextAwareDefaults,
  explainContextAware,
} from './context-aware.js';
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
  rules: {
    lambda1: { type: 'number', min: 0, oneOf: ['sweep'] },
    lambda2: { type: 'number', min: 0, oneOf: ['auto'] },
    c1: rule.positive,
    powerIterations: rule.integer(),
    iterations: rule.integer(),
    step: rule.positive,
    decay: { type: 'number', greaterThan: 0, max: 1 },
    monotone: rule.boolean,
    lambda1Start: rule.positive,
    lambda1Factor: { type: 'number', greaterThan: 1 },
    maxLambda1Steps: rule.integer(),
    sparsityRange: rule.numbers(0, 1),
    halvings: rule.integer(0),
    hvp: rule.oneOf('gauss-newton', 'finite-difference'),
    finiteDifferenceStep: rule.positive,
    samples: rule.integer(),
    sigma: rule.nonNegative,
    output: rule.oneOf('delta', 'normalized'),
  },
  explain(model, x, options) {
    return explainContextAware(model, x, 1, resolveOptions(cafo, options));
  },
};
