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
  type Baseline,
  type Kernels,
  type LossName,
  papers,
  resolveBaselines,
  resolveOptions,
  resolveTargets,
  rule,
  withDomain,
} from '@xai/core';
import { attributeAtPoints } from '../shared/attribute-at-points.js';
import type { Normalization } from '../shared/bounds.js';
import {
  normalizationRule,
  objectiveRule,
  pathBaselineRule,
  quadratureRule,
} from '../shared/option-rules.js';
import { type QuadratureRule, quadrature } from '../shared/quadrature.js';

export interface IntegratedGradientsOptions {
  /** Gradient evaluations along the path per sample (nodes of the rule). */
  readonly steps: number;
  /** Where the path starts: 'zeros', 'black', 'white', 'blur', 'uniform', a number or a tensor. */
  readonly baseline: Baseline;
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
  family: 'path',
  title: 'Integrated gradients',
  summary:
    'Gradients averaged along the straight path from a baseline to the input, times (input - baseline).',
  paper: papers.sundararajan2017,
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
    const kernels = o.kernels;
    const q = quadrature(o.rule, o.steps);
    const baselines = resolveBaselines(x, o.baseline, { domain: o.normalization, seed: o.seed });
    const targets = await resolveTargets(model, x, o.target, o);
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
