/**
 * Gradient x input (Shrikumar, Greenside, Shcherbina and Kundaje 2016, section 2; the
 * AdaptGrad paper's GI after Simonyan et al. 2014): `a_i = x_i dF(x) / dx_i`, with F the
 * target logit by default. On a linear model it is `w_t * x`; for a bias-free ReLU
 * network it equals LRP-0. Colour channels are attributed separately. Cost: one gradient
 * pass per sample.
 */
import { type AttributionMethod, lossGradient, papers, resolveOptions } from '@xai/core';
import { onePass } from '../shared/one-pass.js';
import { objectiveRule } from '../shared/option-rules.js';
import type { GradientOptions } from './gradient.js';

/** The gradient's options: what is differentiated, the target logit by default. */
export type GradientXInputOptions = GradientOptions;

export const gradientXInput: AttributionMethod<GradientXInputOptions> = {
  name: 'gradient-x-input',
  family: 'gradient',
  title: 'Gradient x input',
  summary: 'The gradient of the objective (target logit by default) times the input, elementwise.',
  paper: papers.shrikumar2016,
  defaults: { objective: 'logit' },
  rules: {
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(gradientXInput, options);
    const grad = await onePass(o, lossGradient(model, x, o.objective, o.target, o));
    const out = new Float32Array(grad.data.length);
    for (let i = 0; i < out.length; i++) out[i] = grad.data[i]! * x.data[i]!;
    return { data: out, shape: [...x.shape] };
  },
};
