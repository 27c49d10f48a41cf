/**
 * Integrated gradients (Sundararajan, Taly and Yan 2017, eq. 1 and its Riemann
 * approximation eq. 3):
 * `IG_i(x) = (x_i - b_i) * int_0^1 dF(b + alpha (x - b)) / dx_i d alpha`
 * `       ~ (x_i - b_i) * sum_k w_k dF(b + t_k (x - b)) / dx_i`,
 * with F the target logit by default. Completeness: the attributions sum to
 * `F(x) - F(b)` up to the quadrature error.
 *
 * Defaults: 50 steps (the paper uses 20 to 300; Captum's default is 50) and the paper's
 * right Riemann sum, nodes k/m for k = 1..m (eq. 3). Captum defaults to Gauss–Legendre:
 * pass `rule: 'gauss-legendre'` to match it. Its `riemann_trapezoid` is not the textbook
 * `trapezoid` but `captum-trapezoid` (weights 1/steps, ends halved, summing to 0.98 at 50
 * steps: the textbook map times (steps-1)/steps). Baseline: zeros in model-input space, as in the paper.
 * Colour channels are attributed separately. Cost: `steps` gradient passes per sample
 * (one vjp each for the logit objective), batched under the memory bound.
 */
import {
  type AttributionMethod,
  jsKernels,
  type Kernels,
  type LossName,
  resolveOptions,
  rule,
  withDomain,
} from '@xai/core';
import { attributeAtPoints } from '../shared/attribute-at-points.js';
import { type BaselineSpec, resolveBaselines } from '../shared/baselines.js';
import type { Normalization } from '../shared/bounds.js';
import {
  normalizationRule,
  objectiveRule,
  pathBaselineRule,
  quadratureRule,
} from '../shared/option-rules.js';
import { type QuadratureRule, quadrature } from '../shared/quadrature.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { sundararajan2017 } from '../smoothing/papers-smoothing.js';

export interface IntegratedGradientsOptions {
  /** Gradient evaluations along the path per sample (nodes of the rule). */
  readonly steps: number;
  /** Where the path starts: 'zeros', 'black', 'white', 'blur', 'uniform', a number or a tensor. */
  readonly baseline: BaselineSpec;
  /** Quadrature over alpha: the paper's right Riemann sum by default. */
  readonly rule: QuadratureRule;
  /** What is differentiated: the target logit (the paper's F), or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing, for the 'black', 'white' and 'uniform' baselines. */
  readonly normalization?: Normalization;
  /** Which kernels make the path points and random baselines (default `jsKernels`). */
  readonly kernels?: Kernels;
}

export const integratedGradients: AttributionMethod<IntegratedGradientsOptions> = {
  name: 'integrated-gradients',
  title: 'Integrated gradients',
  summary:
    'Gradients averaged along the straight path from a baseline to the input, times (input - baseline).',
  paper: sundararajan2017,
  defaults: {
    steps: 50,
    baseline: 'zeros',
    rule: 'right',
    objective: 'logit',
    normalization: undefined,
  },
  rules: {
    steps: rule.integer(),
    baseline: pathBaselineRule,
    rule: quadratureRule,
    objective: objectiveRule,
    normalization: normalizationRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(integratedGradients, options));
    const kernels = o.kernels ?? jsKernels;
    const seed = o.seed ?? 0;
    const q = quadrature(o.rule, o.steps);
    const baselines = await resolveBaselines(x, o.baseline, {
      kernels,
      seed,
      ...(o.normalization ? { normalization: o.normalization } : {}),
    });
    const targets = await resolveSampleTargets(model, x, o.target, o);
    return attributeAtPoints(model, x, targets, {
      ...o,
      kernels,
      inner: 'integrated-gradients',
      quadrature: q,
      baselines,
      phase: 'step',
    });
  },
};
