/**
 * Deletion (Petsiuk, Das and Saenko 2018, section 4.1): pixels are set to zero
 * most-important-first and the target's softmax probability is traced; a faithful map
 * makes it fall early, so a lower area under the curve is better. The curve's mean is in
 * `details.mean`.
 */
import { papers } from '@xai/core';
import { curveMetric } from '../shared/curve-metric.js';

export const deletion = curveMetric({
  name: 'deletion',
  title: 'Deletion',
  summary:
    'Area under the target probability as pixels are removed (set to zero), most important first.',
  paper: papers.petsiuk2018,
  baseline: 'zeros',
});
