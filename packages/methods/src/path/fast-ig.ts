/**
 * Fast IG (Hesse, Schaub-Meyer and Roth, "Fast Axiomatic Attribution for Neural
 * Networks", NeurIPS 2021, section 3; the equation below): for a nonnegatively homogeneous
 * model, `F(a x) = a F(x)` for a >= 0 (a ReLU network without biases, the paper's
 * X-DNNs), the gradient along the straight path from the zero baseline is constant up to
 * scale, `dF(a x)/dx = dF(x)/dx`, so integrated gradients with the zero baseline reduce
 * to one gradient pass: `IG_i(x) = x_i dF(x)/dx_i`. It then satisfies completeness,
 * `sum_i a_i = F(x) - F(0) = F(x)`. On a model with biases it is gradient x input, and
 * differs from IG.
 *
 * Defaults: F is the target logit (the paper's output). The ISA authors' comparison code
 * (`FastIG` there) differentiates the cross-entropy of the target instead: pass
 * `objective: 'cross-entropy'` to match it (its maps are the negative of the
 * log-softmax's). Colour channels are attributed separately. Cost: one gradient pass per
 * sample, batched under the memory bound.
 */
import { type AttributionMethod, jsKernels, type LossName, resolveOptions } from '@xai/core';
import { attributeAtPoints } from '../shared/attribute-at-points.js';
import { objectiveRule } from '../shared/option-rules.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { hesse2021 } from './papers-baselines.js';

export interface FastIgOptions {
  /** What is differentiated: the target logit (the paper), or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
}

export const fastIg: AttributionMethod<FastIgOptions> = {
  name: 'fast-ig',
  title: 'Fast IG',
  summary:
    'Integrated gradients from the zero baseline in one gradient pass, x * grad F(x): exact for nonnegatively homogeneous (bias-free ReLU) models.',
  paper: hesse2021,
  defaults: { objective: 'logit' },
  rules: {
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(fastIg, options);
    const targets = await resolveSampleTargets(model, x, o.target, o);
    return attributeAtPoints(model, x, targets, {
      ...o,
      kernels: o.kernels ?? jsKernels,
      inner: 'gradient-x-input',
      phase: 'sample',
    });
  },
};
