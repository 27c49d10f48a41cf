/**
 * AUC (Fawcett 2006, section 7): the area under the ROC curve of the map used as a
 * detector of the ground-truth mask's pixels (channels summed). Computed exactly as the
 * Mann-Whitney statistic: the probability that a pixel inside outranks one outside,
 * ties counting one half.
 */
import { papers } from '@xai/core';
import { averageRanks } from '../shared/similarity.js';
import { type MaskMetricOptions, maskMetric } from './mask-metric.js';

export type AucOptions = MaskMetricOptions;

export const auc = maskMetric({
  name: 'auc',
  title: 'AUC (ROC of the map against the mask)',
  summary: 'Area under the ROC curve of the map as a detector of the mask pixels.',
  paper: papers.fawcett2006,
  score: (pixels, mask, pos) => {
    const ranks = averageRanks(pixels);
    let rankSum = 0;
    for (let p = 0; p < mask.length; p++) if (mask[p]) rankSum += ranks[p]!;
    const neg = mask.length - pos;
    return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
  },
});
