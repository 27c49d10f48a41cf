/**
 * Layer-wise relevance propagation (Bach et al. 2015; Montavon, Binder, Lapuschkin, Samek
 * and Müller 2019, "Layer-wise relevance propagation: an overview"). The target logit is
 * the output relevance; each layer with weights (Conv, Gemm, MatMul, BatchNormalization)
 * redistributes the relevance of its outputs to its inputs by
 *
 * - epsilon: `R_j = sum_k a_j w_jk R_k / (z_k + eps sign z_k)`,
 *   the bias and eps absorbing some relevance;
 * - alpha-beta (alpha 1, beta 0 is the overview's z+ rule):
 *   `R_j = sum_k (alpha (a_j w_jk)^+ / z_k^+ - beta (a_j w_jk)^- / z_k^-) R_k`, biases left
 *   out of the denominators, so the relevance is conserved when alpha - beta = 1.
 *
 * ReLU, max pooling, average pooling, reshapes and residual sums pass relevance on in
 * proportion to the contributions (the gradient x input form); other nonlinearities are
 * refused (UNSUPPORTED_OP). The same rule applies to every layer, the first included.
 * Colour channels are attributed separately. Cost: one modified gradient pass per sample,
 * plus building the modified graph once per call.
 */
import { type AttributionMethod, type LinearRule, resolveOptions, rule, XaiError } from '@xai/core';
import { ruleGradient } from './backward-rules.js';
import { bach2015 } from './papers-backward.js';

export interface LrpOptions {
  /** The rule of the layers with weights: epsilon (the default) or alpha-beta. */
  readonly rule: 'epsilon' | 'alpha-beta';
  /** Epsilon of the epsilon rule: a small stabiliser that absorbs weak contributions (Captum uses 1e-9). */
  readonly epsilon: number;
  /** Weight of the positive contributions (alpha-beta); alpha 1, beta 0 is the z+ rule. */
  readonly alpha: number;
  /** Weight of the negative contributions (alpha-beta); Montavon et al. ask alpha - beta = 1. */
  readonly beta: number;
  /** Added to the magnitude of the alpha-beta denominators, against division by zero. */
  readonly stabilizer: number;
}

export const lrp: AttributionMethod<LrpOptions> = {
  name: 'lrp',
  title: 'Layer-wise relevance propagation',
  summary:
    'The target logit redistributed layer by layer (epsilon or alpha-beta rule) to the input.',
  paper: bach2015,
  defaults: { rule: 'epsilon', epsilon: 0.01, alpha: 1, beta: 0, stabilizer: 1e-9 },
  rules: {
    rule: rule.oneOf('epsilon', 'alpha-beta'),
    epsilon: rule.nonNegative,
    alpha: rule.finite,
    beta: rule.finite,
    stabilizer: rule.positive,
  },
  async explain(model, x, options) {
    const o = resolveOptions(lrp, options);
    const linear = linearRule(o);
    const { grad } = await ruleGradient(
      model,
      { linear },
      'lrp',
      x,
      'logit',
      options.target,
      options,
    );
    const out = new Float32Array(grad.data.length);
    for (let i = 0; i < out.length; i++) out[i] = grad.data[i]! * x.data[i]!;
    options.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return { data: out, shape: [...x.shape] };
  },
};

/** The backend's linear rule for the LRP options, checked. */
export function linearRule(o: LrpOptions): Exclude<LinearRule, { kind: 'gradient' }> {
  const nonNegative = (v: number, what: string) => {
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a finite number of at least 0 for ${what} but received ${v}.`,
      );
    }
  };
  if (o.rule === 'epsilon') {
    nonNegative(o.epsilon, 'the LRP epsilon');
    return { kind: 'epsilon', epsilon: o.epsilon };
  }
  if (o.rule !== 'alpha-beta') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected the LRP rule 'epsilon' or 'alpha-beta' but received '${String(o.rule)}'.`,
    );
  }
  nonNegative(o.alpha, 'the LRP alpha');
  nonNegative(o.beta, 'the LRP beta');
  nonNegative(o.stabilizer, 'the LRP stabilizer');
  return { kind: 'alpha-beta', alpha: o.alpha, beta: o.beta, stabilizer: o.stabilizer };
}

/** The options that are set, so that `undefined` does not hide a default. */
function _definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
