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
 *
 * Presets (`preset`). `'reference-code'` is the IG the ISA and MFABA papers ran, github
 * LMBTough/ISA at 8da1747 (`saliency/core/ig.py` l. 8-14, called by `saliency/saliency_zoo.py`
 * `ig` l. 86-89; the MFABA repository, LMBTough/MFABA at 363fd52, has the same `ig.py` and
 * `saliency_zoo.py` l. 94-97): Captum's `IntegratedGradients` on the model
 * `Sequential(normalise, net, Softmax)` of `generate_attributions.py` (ISA l. 37-42), four
 * images a batch (l. 52-53):
 * 1. F (`objective`): the target logit -> `'probability'`, the target's softmax output (the
 *    softmax is part of the wrapped model, `target=target.squeeze()`, `ig.py` l. 10).
 * 2. The baseline (`baseline`): the zero input -> `'black'`: `baselines=None` (l. 11) is
 *    Captum's zero of the wrapped model's input, pixel 0, which the model normalises to
 *    -mean/std per channel.
 * 3. The rule (`rule`): the right Riemann sum -> `'captum-trapezoid'`,
 *    `method="riemann_trapezoid"` (l. 13): nodes linspace(0, 1, 50), weights 1/50 with the
 *    ends halved (the maps are 0.98 times the textbook trapezoid's).
 * Unchanged: 50 steps (`n_steps=gradient_steps`, l. 12, 50 by default). Nothing there is a bug.
 * The default preset is `'paper'`: eq. 3's right Riemann sum from the zero input on the target
 * logit, whose completeness check (`F(x) - F(b)`) is on the model's own output and does not
 * saturate with the softmax; choose `'reference-code'` to compare with the ISA or MFABA
 * papers' IG numbers.
 * Colour channels are attributed separately. Cost: `steps` gradient passes per sample
 * (one vjp each for the logit objective), batched under the memory bound.
 */
import {
  type AttributionMethod,
  type Baseline,
  type Kernels,
  type LossName,
  type OptionRules,
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
  /** The paper's rule, baseline and F, or the ISA/MFABA code's (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
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

/** The rules of integrated gradients' path options, also taken by the smoothing methods for IG by name. */
export const integrationRules: OptionRules<
  Pick<IntegratedGradientsOptions, 'steps' | 'baseline' | 'rule' | 'objective' | 'normalization'>
> = {
  steps: rule.integer(),
  baseline: pathBaselineRule,
  rule: quadratureRule,
  objective: objectiveRule,
  normalization: normalizationRule,
};

type IgPresetSettings = Pick<
  IntegratedGradientsOptions,
  'steps' | 'baseline' | 'rule' | 'objective'
>;

const igPresets: Record<IntegratedGradientsOptions['preset'], IgPresetSettings> = {
  paper: { steps: 50, baseline: 'zeros', rule: 'right', objective: 'logit' },
  'reference-code': {
    steps: 50,
    baseline: 'black',
    rule: 'captum-trapezoid',
    objective: 'probability',
  },
};

export const integratedGradients: AttributionMethod<IntegratedGradientsOptions> = {
  name: 'integrated-gradients',
  family: 'path',
  title: 'Integrated gradients',
  summary:
    'Gradients averaged along the straight path from a baseline to the input, times (input - baseline).',
  paper: papers.sundararajan2017,
  defaults: { preset: 'paper', ...igPresets.paper, normalization: undefined },
  presets: igPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    ...integrationRules,
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
