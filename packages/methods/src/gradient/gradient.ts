/**
 * The raw input gradient of an objective on the logits: the building block of every
 * gradient method, and the vanilla gradient map of Simonyan, Vedaldi and Zisserman
 * (2014) before the absolute value.
 */
import { type AttributionMethod, lossGradient, papers, resolveOptions } from '@xai/core';
import type { GradientObjective } from '../shared/objectives.js';
import { onePass } from '../shared/one-pass.js';
import { objectiveRule } from '../shared/option-rules.js';

export interface GradientOptions {
  /** What is differentiated: the target logit (default), its softmax probability, or the cross-entropy. */
  readonly objective: GradientObjective;
}

export const gradient: AttributionMethod<GradientOptions> = {
  name: 'gradient',
  family: 'gradient',
  title: 'Gradient',
  summary: 'The gradient of the objective (target logit by default) with respect to the input.',
  paper: papers.simonyan2014,
  defaults: { objective: 'logit' },
  rules: {
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(gradient, options);
    return onePass(o, lossGradient(model, x, o.objective, o.target, o));
  },
};
