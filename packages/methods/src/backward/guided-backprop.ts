/**
 * Guided backpropagation (Springenberg, Dosovitskiy, Brox and Riedmiller 2015,
 * figure 1): the gradient of the class score with the backward pass through each
 * ReLU masked both by the forward activation and by the sign of the arriving signal,
 * `R_l = (f_l > 0) * (R_{l+1} > 0) * R_{l+1}`. Colour channels are attributed separately,
 * signed. Cost: one modified gradient pass per sample, plus
 * building the modified graph once per call.
 */
import type { AttributionMethod } from '@xai/core';
import { type ReluRuleOptions, reluRuleMethod } from './relu-rule-method.js';

/** Options of `guided-backprop`: documented on `ReluRuleOptions` (the class score, as in the paper). */
export type GuidedBackpropOptions = ReluRuleOptions;

export const guidedBackprop: AttributionMethod<GuidedBackpropOptions> =
  reluRuleMethod('guided-backprop');
