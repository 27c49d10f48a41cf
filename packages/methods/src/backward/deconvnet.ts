/**
 * Deconvnet (Zeiler and Fergus 2014, section 2.1), as a backward pass: the class score's
 * signal goes back through the transposed filters, and each ReLU passes `relu(R_{l+1})`
 * whatever its forward input (Springenberg et al. 2015, figure 1, who write deconvnet,
 * the gradient and guided backprop as three ReLU rules). Max pooling uses the forward
 * pass's switches, as the gradient does. Colour channels are attributed separately.
 * Cost: one modified gradient pass per sample, plus building the graph once per call.
 */
import type { AttributionMethod } from '@xai/core';
import { type ReluRuleOptions, reluRuleMethod } from './relu-rule-method.js';

/** Options of `deconvnet`: documented on `ReluRuleOptions` (the class score, as in the paper). */
export type DeconvnetOptions = ReluRuleOptions;

export const deconvnet: AttributionMethod<DeconvnetOptions> = reluRuleMethod('deconvnet');
