/**
 * Saliency maps (Simonyan, Vedaldi and Zisserman 2014, section 3.1): the absolute value
 * of the target logit's gradient, maximised over colour channels. The map is per pixel;
 * it is repeated over the channels so that, like every method, it is shaped like the input.
 */
import type { AttributionMethod } from '@xai/core';
import type { ScoreObjective } from '../shared/objectives.js';
import { gradientMethod } from './gradient-method.js';

export interface SaliencyOptions {
  /** The objective differentiated: the paper uses the class score (the target logit). */
  readonly objective: ScoreObjective;
}

export const saliency: AttributionMethod<SaliencyOptions> = gradientMethod('saliency');
