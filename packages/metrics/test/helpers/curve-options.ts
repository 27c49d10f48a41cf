import { jsKernels } from '@xai/core';

/**
 * `perturbationCurves` options for hand-computed curves: the JS kernels, a zero baseline,
 * channels summed into one merged ranking, and the raw logit of class 0 as the score.
 */
export const logitCurve = {
  target: 0,
  kernels: jsKernels,
  baseline: 0,
  channelMerge: 'sum',
  ranking: 'merged',
  score: 'logit',
} as const;
