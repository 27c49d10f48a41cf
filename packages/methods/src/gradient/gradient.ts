/**
 * The raw input gradient of an objective on the logits: the building block of every
 * gradient method, and the vanilla gradient map of Simonyan, Vedaldi and Zisserman
 * (2014) before the absolute value.
 */
import type { AttributionMethod } from '@xai/core';
import type { GradientObjective } from '../shared/objectives.js';
import { gradientMethod } from './gradient-method.js';

export interface GradientOptions {
  /** What is differentiated: the target logit (default), its softmax probability, or the cross-entropy. */
  readonly objective: GradientObjective;
}

export const gradient: AttributionMethod<GradientOptions> = gradientMethod('gradient');
