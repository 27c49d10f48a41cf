/**
 * Deconvnet and guided backprop are one method with two ReLU rules (Springenberg et al.
 * 2015, figure 1): the class score's gradient with ReLU's backward rule replaced. The table
 * below says what tells the two apart; `reluRuleMethod` builds the descriptor of either.
 */
import { type AttributionMethod, papers, type ReluRule, resolveOptions } from '@xai/core';
import type { ScoreObjective } from '../shared/objectives.js';
import { onePass } from '../shared/one-pass.js';
import { scoreRule } from '../shared/option-rules.js';
import { ruleGradient } from './backward-rules.js';

export interface ReluRuleOptions {
  /** What is projected back: the class score (the target logit), as in both papers. */
  readonly objective: ScoreObjective;
}

interface ReluRuleVariant {
  /** The backward rule of every ReLU. */
  readonly relu: Exclude<ReluRule, 'standard'>;
  readonly title: string;
  readonly summary: string;
  readonly paper: AttributionMethod['paper'];
}

const variants = {
  deconvnet: {
    relu: 'deconvnet',
    title: 'Deconvnet',
    summary: 'The class score projected back through transposed filters, ReLU on the way down.',
    paper: papers.zeiler2014,
  },
  'guided-backprop': {
    relu: 'guided',
    title: 'Guided backpropagation',
    summary: 'The gradient with negative signals stopped at every ReLU on the way back.',
    paper: papers.springenberg2015,
  },
} satisfies Record<string, ReluRuleVariant>;

/** The descriptor of the method `name`. */
export function reluRuleMethod(name: keyof typeof variants): AttributionMethod<ReluRuleOptions> {
  const { relu, ...about }: ReluRuleVariant = variants[name];
  const method: AttributionMethod<ReluRuleOptions> = {
    name,
    ...about,
    family: 'backward',
    defaults: { objective: 'logit' },
    rules: { objective: scoreRule },
    async explain(model, x, options) {
      const o = resolveOptions(method, options);
      return onePass(o, ruleGradient(model, { relu }, name, x, o.objective, o.target, o));
    },
  };
  return method;
}
