/**
 * Deconvnet (Zeiler and Fergus 2014, section 2.1), as a backward pass: the class score's
 * signal goes back through the transposed filters, and each ReLU passes `relu(R_{l+1})`
 * whatever its forward input (Springenberg et al. 2015, figure 1, who write deconvnet,
 * the gradient and guided backprop as three ReLU rules). Max pooling uses the forward
 * pass's switches, as the gradient does. Colour channels are attributed separately.
 * Cost: one modified gradient pass per sample, plus building the graph once per call.
 */
import type { AttributionMethod, LossName } from '@xai/core';
import { resolveOptions } from '@xai/core';
import { scoreRule } from '../shared/option-rules.js';
import { ruleGradient } from './backward-rules.js';
import { zeiler2014 } from './papers-backward.js';

export interface DeconvnetOptions {
  /** What is projected back: the class score (the target logit), as in the paper. */
  readonly objective: Extract<LossName, 'logit' | 'probability'>;
}

export const deconvnet: AttributionMethod<DeconvnetOptions> = {
  name: 'deconvnet',
  title: 'Deconvnet',
  summary: 'The class score projected back through transposed filters, ReLU on the way down.',
  paper: zeiler2014,
  defaults: { objective: 'logit' },
  rules: {
    objective: scoreRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(deconvnet, options);
    const objective = o.objective;
    const { grad } = await ruleGradient(
      model,
      { relu: 'deconvnet' },
      'deconvnet',
      x,
      objective,
      o.target,
      o,
    );
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return grad;
  },
};
