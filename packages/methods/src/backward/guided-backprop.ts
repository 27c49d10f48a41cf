/**
 * Guided backpropagation (Springenberg, Dosovitskiy, Brox and Riedmiller 2015,
 * figure 1): the gradient of the class score with the backward pass through each
 * ReLU masked both by the forward activation and by the sign of the arriving signal,
 * `R_l = (f_l > 0) * (R_{l+1} > 0) * R_{l+1}`. Colour channels are attributed separately,
 * signed. Cost: one modified gradient pass per sample, plus
 * building the modified graph once per call.
 */
import type { AttributionMethod, LossName } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { scoreRule } from '../shared/option-rules.js';
import { ruleGradient } from './backward-rules.js';
import { springenberg2015 } from './papers-backward.js';

export interface GuidedBackpropOptions {
  /** What is differentiated: the paper uses the class score (the target logit). */
  readonly objective: Extract<LossName, 'logit' | 'probability'>;
}

export const guidedBackprop: AttributionMethod<GuidedBackpropOptions> = {
  name: 'guided-backprop',
  title: 'Guided backpropagation',
  summary: 'The gradient with negative signals stopped at every ReLU on the way back.',
  paper: springenberg2015,
  defaults: { objective: 'logit' },
  rules: {
    objective: scoreRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(guidedBackprop, options);
    const objective = o.objective;
    const { grad } = await ruleGradient(
      model,
      { relu: 'guided' },
      'guided-backprop',
      x,
      objective,
      o.target,
      o,
    );
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return grad;
  },
};
