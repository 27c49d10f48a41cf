/**
 * Relevance rank accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 3): with K the
 * size of the ground-truth mask, the share of the K most relevant pixels (channels summed)
 * that lie inside it, `|P_top-K ∩ GT| / K`. Ties are broken by pixel index (stable order).
 */
import { papers } from '@xai/core';
import { orderDescending } from '../shared/pixels.js';
import { type MaskMetricOptions, maskMetric } from './mask-metric.js';

export type RelevanceRankAccuracyOptions = MaskMetricOptions;

export const relevanceRankAccuracy = maskMetric({
  name: 'relevance-rank-accuracy',
  title: 'Relevance rank accuracy',
  summary: 'Share of the K most relevant pixels inside the mask, K being the mask size.',
  paper: papers.arras2022,
  score: (pixels, mask, K) => {
    const order = orderDescending(pixels);
    let hits = 0;
    for (let i = 0; i < K; i++) hits += mask[order[i]!]!;
    return hits / K;
  },
});
