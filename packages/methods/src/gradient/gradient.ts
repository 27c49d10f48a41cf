/**
 * The raw input gradient of an objective on the logits: the building block of every
 * gradient method, and the vanilla gradient map of Simonyan, Vedaldi and Zisserman
 * (2014) before the absolute value.
 */
import { type AttributionMethod, type LossName, lossGradient, resolveOptions } from '@xai/core';
import { objectiveRule } from '../shared/option-rules.js';
import { simonyan2014 } from './papers.js';

export interface GradientOptions {
  /** What is differentiated: the target logit (default), its softmax probability, or the cross-entropy. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'cross-entropy' | 'log-softmax'>;
}

export const gradient: AttributionMethod<GradientOptions> = {
  name: 'gradient',
  title: 'Gradient',
  summary: 'The gradient of the objective (target logit by default) with respect to the input.',
  paper: simonyan2014,
  defaults: { objective: 'logit' },
  rules: {
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(gradient, options);
    const objective = o.objective;
    const { grad } = await lossGradient(model, x, objective, o.target, o);
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return grad;
  },
};
