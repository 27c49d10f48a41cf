/**
 * Excitation backprop (Zhang, Bargal, Lin, Brandt, Shen and Sclaroff 2018): the marginal
 * winning probability of each input unit in a probabilistic winner-take-all process started at the target class, `P(a_j) = sum_k P(a_j | a_k) P(a_k)`
 * with `P(a_j | a_k) = a_j w_jk^+ / sum_j' a_j' w_j'k^+` over the excitatory (positive)
 * connections and `P(target) = 1`. On nonnegative activations this is LRP's z+ rule
 * (alpha 1, beta 0, biases ignored) with output relevance 1, computed here as the z+
 * relevance of the target logit divided by that logit; ReLU and max pooling pass the
 * probability on, average pooling splits it by the contributions. For inputs of either
 * sign the excitatory connections are those with `a_j w_jk > 0`. The maps are nonnegative
 * and, where no unit loses its mass (a unit with no excitatory input), sum to 1 per
 * sample. Colour channels are attributed separately; the contrastive variant (c-MWP) is
 * not implemented. Cost: one modified gradient pass per sample, plus building the graph.
 */
import type { AttributionMethod } from '@xai/core';
import { resolveOptions, rule } from '@xai/core';
import { ruleGradient } from './backward-rules.js';
import { zhang2018 } from './papers-backward.js';

export interface ExcitationBackpropOptions {
  /** Added to the denominators `sum_j a_j w_jk^+`, against division by zero. */
  readonly stabilizer: number;
}

export const excitationBackprop: AttributionMethod<ExcitationBackpropOptions> = {
  name: 'excitation-backprop',
  title: 'Excitation backprop',
  summary: 'The marginal winning probability of each input, top-down over positive weights.',
  paper: zhang2018,
  defaults: { stabilizer: 1e-9 },
  rules: {
    stabilizer: rule.positive,
  },
  async explain(model, x, options) {
    const o = resolveOptions(excitationBackprop, options);
    const stabilizer = o.stabilizer;
    const { grad, logits, targets } = await ruleGradient(
      model,
      { linear: { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer } },
      'excitation-backprop',
      x,
      'logit',
      o.target,
      o,
    );
    const B = x.shape[0]!;
    const per = x.data.length / B;
    const classes = logits.shape[1]!;
    const out = new Float32Array(x.data.length);
    for (let b = 0; b < B; b++) {
      // The z+ relevance is linear in the output relevance: divide the logit's out.
      const logit = logits.data[b * classes + targets[b]!]!;
      if (logit === 0) continue;
      for (let i = b * per; i < (b + 1) * per; i++) out[i] = (grad.data[i]! * x.data[i]!) / logit;
    }
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return { data: out, shape: [...x.shape] };
  },
};
