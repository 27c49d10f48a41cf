/**
 * Gradient, saliency and gradient x input are one method with three last steps: one pass
 * of the objective's input gradient (the target logit by default), then the map each makes
 * of it. The table below says what tells the three apart; `gradientMethod` builds the
 * descriptor of one of them.
 */
import {
  type AttributionMethod,
  lossGradient,
  type OptionRule,
  papers,
  resolveOptions,
  type Tensor,
} from '@xai/core';
import type { GradientObjective } from '../shared/objectives.js';
import { onePass } from '../shared/one-pass.js';
import { objectiveRule, scoreRule } from '../shared/option-rules.js';
import { channelMaxAbs, timesInput } from './last-steps.js';

interface GradientVariant {
  /** Which objectives the method accepts. */
  readonly objectiveRule: OptionRule;
  /** The map made of the input gradient `g` of `x` (the gradient itself when absent). */
  readonly fromGradient?: (g: Tensor, x: Tensor) => Tensor;
  readonly title: string;
  readonly summary: string;
  readonly paper: AttributionMethod['paper'];
}

const variants = {
  gradient: {
    objectiveRule,
    title: 'Gradient',
    summary: 'The gradient of the objective (target logit by default) with respect to the input.',
    paper: papers.simonyan2014,
  },
  saliency: {
    objectiveRule: scoreRule,
    fromGradient: channelMaxAbs,
    title: 'Saliency',
    summary: 'Absolute gradient of the class score, maximum over channels.',
    paper: papers.simonyan2014,
  },
  'gradient-x-input': {
    objectiveRule,
    fromGradient: timesInput,
    title: 'Gradient x input',
    summary:
      'The gradient of the objective (target logit by default) times the input, elementwise.',
    paper: papers.shrikumar2016,
  },
} satisfies Record<string, GradientVariant>;

/**
 * The descriptor of the method `name`; `O` names its option type, whose one option,
 * `objective`, `variants[name].objectiveRule` checks.
 */
export function gradientMethod<O extends { readonly objective: GradientObjective }>(
  name: keyof typeof variants,
): AttributionMethod<O> {
  const {
    objectiveRule: rule,
    fromGradient = (g) => g,
    ...about
  }: GradientVariant = variants[name];
  const method: AttributionMethod<O> = {
    name,
    family: 'gradient',
    ...about,
    defaults: { objective: 'logit' } as O,
    rules: { objective: rule },
    async explain(model, x, options) {
      const o = resolveOptions(method, options);
      const grad = await onePass(o, lossGradient(model, x, o.objective, o.target, o));
      return fromGradient(grad, x);
    },
  };
  return method;
}
