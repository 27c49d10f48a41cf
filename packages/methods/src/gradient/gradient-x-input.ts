/**
 * Gradient x input (Shrikumar, Greenside, Shcherbina and Kundaje 2016, section 2; the
 * AdaptGrad paper's GI after Simonyan et al. 2014): `a_i = x_i dF(x) / dx_i`, with F the
 * target logit by default. On a linear model it is `w_t * x`; for a bias-free ReLU
 * network it equals LRP-0. Colour channels are attributed separately. Cost: one gradient
 * pass per sample.
 */
import type { AttributionMethod } from '@xai/core';
import type { GradientOptions } from './gradient.js';
import { gradientMethod } from './gradient-method.js';

/** The gradient's options: what is differentiated, the target logit by default. */
export type GradientXInputOptions = GradientOptions;

export const gradientXInput: AttributionMethod<GradientXInputOptions> =
  gradientMethod('gradient-x-input');
