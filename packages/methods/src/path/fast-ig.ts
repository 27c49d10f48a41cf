/**
 * Fast IG (Hesse, Schaub-Meyer and Roth, "Fast Axiomatic Attribution for Neural
 * Networks", NeurIPS 2021, section 3; the equation below): for a nonnegatively homogeneous
 * model, `F(a x) = a F(x)` for a >= 0 (a ReLU network without biases, the paper's
 * X-DNNs), the gradient along the straight path from the zero baseline is constant up to
 * scale, `dF(a x)/dx = dF(x)/dx`, so integrated gradients with the zero baseline reduce
 * to one gradient pass: `IG_i(x) = x_i dF(x)/dx_i`. It then satisfies completeness,
 * `sum_i a_i = F(x) - F(0) = F(x)`. On a model with biases it is gradient x input, and
 * differs from IG. With a baseline b the map is `(x_i - b_i) dF(x)/dx_i`.
 *
 * Presets (`preset`). `'reference-code'` is the Fast-IG code the ISA paper ran, github
 * LMBTough/ISA at 8da1747 (`saliency/core/fast_ig.py` l. 4-14, `saliency/saliency_zoo.py`
 * `fast_ig` l. 13-17), on the model `Sequential(normalise, net, Softmax)` of its
 * `generate_attributions.py` (l. 37-42), one image at a time:
 * 1. F (`objective`): the target logit -> `'probability-cross-entropy'`, the cross-entropy of
 *    the softmax-wrapped output (`nn.CrossEntropyLoss` on a model that ends in a softmax,
 *    `fast_ig.py` l. 7 and 12): -log softmax(softmax(z))_t, nearly flat where the model is
 *    confident, and of the opposite sign to the logit's gradient.
 * 2. The input the gradient is multiplied by (`baseline`): the model's input (its zero) ->
 *    `'black'`, the pixels (`data * data.grad`, l. 14, on pixels in [0, 1] that the model
 *    normalises itself): the distance from the black image, which differs from the input
 *    in model units by -mean/std per channel.
 * The default preset is `'paper'`: F the target logit from the zero input, the paper's
 * completeness identity; choose `'reference-code'` to compare with the ISA paper's
 * Fast-IG numbers. Colour channels are attributed separately. Cost: one gradient pass per
 * sample, batched under the memory bound.
 */
import {
  type AttributionMethod,
  type LossName,
  lossNames,
  papers,
  resolveBaselines,
  resolveOptions,
  resolveTargets,
  rule,
  sliceBatch,
  withDomain,
} from '@xai/core';
import { attributeAtPoints } from '../shared/attribute-at-points.js';
import type { Normalization } from '../shared/bounds.js';
import { normalizationRule } from '../shared/option-rules.js';
import {
  type Objective,
  objectiveGradient,
  softmaxOutputObjectives,
} from '../shared/softmax-output-objective.js';

export interface FastIgOptions {
  /** The paper's objective and baseline or the ISA code's (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** What is differentiated: the target logit (the paper), a loss on the logits, or the authors' 'probability-cross-entropy'. */
  readonly objective: Objective;
  /** What the gradient is multiplied by the distance from: the zero input (the paper) or the black image. */
  readonly baseline: 'zeros' | 'black';
  /** The model's preprocessing, for the 'black' baseline. */
  readonly normalization?: Normalization;
}

const fastIgPresets: Record<
  FastIgOptions['preset'],
  Pick<FastIgOptions, 'objective' | 'baseline'>
> = {
  paper: { objective: 'logit', baseline: 'zeros' },
  'reference-code': { objective: 'probability-cross-entropy', baseline: 'black' },
};

export const fastIg: AttributionMethod<FastIgOptions> = {
  name: 'fast-ig',
  family: 'path',
  title: 'Fast IG',
  summary:
    'Integrated gradients from the zero baseline in one gradient pass, x * grad F(x): exact for nonnegatively homogeneous (bias-free ReLU) models.',
  paper: papers.hesse2021,
  defaults: { preset: 'paper', ...fastIgPresets.paper, normalization: undefined },
  presets: fastIgPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    objective: rule.oneOf(...lossNames, ...softmaxOutputObjectives),
    baseline: rule.oneOf('zeros', 'black'),
    normalization: normalizationRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(fastIg, options));
    const targets = await resolveTargets(model, x, o.target, o);
    if (o.baseline === 'zeros' && (lossNames as readonly string[]).includes(o.objective)) {
      // x * grad F(x) on a core loss: paced chunks with progress, as every one-pass method.
      return attributeAtPoints(model, x, targets, {
        ...o,
        objective: o.objective as LossName,
        kernels: o.kernels,
        inner: 'gradient-x-input',
        phase: 'sample',
      });
    }
    const { grad } = await objectiveGradient(model, x, o.objective, targets, o);
    const [base] = resolveBaselines(sliceBatch(x, 0, Math.min(1, x.shape[0] ?? 1)), o.baseline, {
      seed: o.seed ?? 0,
      domain: o.normalization,
    });
    const D = grad.data.length / Math.max(1, x.shape[0] ?? 1);
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < out.length; i++) {
      const b = typeof base === 'number' ? base : (base?.data[i % D] ?? 0);
      out[i] = (x.data[i]! - b) * grad.data[i]!;
    }
    o.onProgress?.({ phase: 'sample', done: 1, total: 1 });
    return { data: out, shape: [...x.shape] };
  },
};
