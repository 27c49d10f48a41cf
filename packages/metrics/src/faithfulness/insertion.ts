/**
 * Insertion (Petsiuk, Das and Saenko 2018, section 4.1): starting from a blurred copy of
 * the image, pixels are inserted most-important-first and the target's softmax
 * probability is traced; a faithful map makes it rise early, so the area under the curve
 * (trapezoid over x in [0, 1]) is higher for better maps. The mean of the curve, which the
 * ISA paper also reports, is in `details.mean`.
 */
import { papers } from '@xai/core';
import { curveMetric } from '../shared/curve-metric.js';

export const insertion = curveMetric({
  name: 'insertion',
  title: 'Insertion',
  summary:
    'Area under the target probability as pixels are inserted into a blurred image, most important first.',
  paper: papers.petsiuk2018,
  baseline: 'blur',
});
