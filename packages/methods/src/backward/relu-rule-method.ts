/**
 * Deconvnet and guided backprop are one method with two ReLU rules (Springenberg et al.
 * 2015, figure 1): the class score's gradient with ReLU's backward rule replaced. This
 * builds either descriptor from its name, paper and rule.
 */
import { type AttributionMethod, type ReluRule, resolveOptions } from '@xai/core';
import type { ScoreObjective } from '../shared/objectives.js';
import { onePass } from '../shared/one-pass.js';
import { scoreRule } from '../shared/option-rules.js';
import { ruleGradient } from './backward-rules.js';

export interface ReluRuleOptions {
  /** What is projected back: the class score (the target logit), as in both papers. */
  readonly objective: ScoreObjective;
}

/** What tells the two methods apart. */
export interface ReluRuleMethod {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly paper: AttributionMethod<ReluRuleOptions>['paper'];
  /** The backward rule of every ReLU. */
  readonly relu: Exclude<ReluRule, 'standard'>;
}

export function reluRuleMethod({
  relu,
  ...about
}: ReluRuleMethod): AttributionMethod<ReluRuleOptions> {
  const method: AttributionMethod<ReluRuleOptions> = {
    ...about,
    family: 'backward',
    defaults: { objective: 'logit' },
    rules: { objective: scoreRule },
    async explain(model, x, options) {
      const o = resolveOptions(method, options);
      return onePass(o, ruleGradient(model, { relu }, about.name, x, o.objective, o.target, o));
    },
  };
  return method;
}
