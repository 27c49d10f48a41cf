/**
 * Gradient x input (Shrikumar, Greenside, Shcherbina and Kundaje 2016, section 2; the
 * AdaptGrad paper's GI after Simonyan et al. 2014): `a_i = x_i dF(x) / dx_i`, with F the
 * target logit by default. On a linear model it is `w_t * x`; for a bias-free ReLU
 * network it equals LRP-0. Colour channels are attributed separately. Cost: one gradient
 * pass per sample.
 */
import { type AttributionMethod, type LossName, lossGradient, resolveOptions } from '@xai/core';
import { objectiveRule } from '../shared/option-rules.js';
import { shrikumar2016 } from '../smoothing/papers-smoothing.js';

export interface GradientXInputOptions {
  /** What is differentiated: the target logit (default), or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
}

export const gradientXInput: AttributionMethod<GradientXInputOptions> = {
  name: 'gradient-x-input',
  title: 'Gradient x input',
  summary: 'The gradient of the objective (target logit by default) times the input, elementwise.',
  paper: shrikumar2016,
  defaults: { objective: 'logit' },
  rules: {
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(gradientXInput, options);
    const objective = o.objective;
    const { grad } = await lossGradient(model, x, objective, o.target, o);
    const out = new Float32Array(grad.data.length);
    for (let i = 0; i < out.length; i++) out[i] = grad.data[i]! * x.data[i]!;
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return { data: out, shape: [...x.shape] };
  },
};
