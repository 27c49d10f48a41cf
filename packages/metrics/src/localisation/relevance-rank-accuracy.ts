/**
 * Relevance rank accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 3): with K the
 * size of the ground-truth mask, the share of the K most relevant pixels (channels summed)
 * that lie inside it, `|P_top-K ∩ GT| / K`. Ties are broken by pixel index (stable order).
 */
import { type AttributionMetric, resolveOptions, type Tensor } from '@xai/core';
import { scoreAgainstMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';
import { arras2022 } from '../shared/papers.js';
import { orderDescending } from '../shared/pixels.js';

export interface RelevanceRankAccuracyOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export const relevanceRankAccuracy: AttributionMetric<RelevanceRankAccuracyOptions> = {
  name: 'relevance-rank-accuracy',
  title: 'Relevance rank accuracy',
  summary: 'Share of the K most relevant pixels inside the mask, K being the mask size.',
  paper: arras2022,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined },
  rules: {
    masks: masksRule,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(relevanceRankAccuracy, options);
    const scores = scoreAgainstMasks(
      x,
      attributions,
      o.masks,
      'relevance-rank-accuracy',
      (pixels, mask) => {
        const order = orderDescending(pixels);
        let K = 0;
        for (let p = 0; p < mask.length; p++) K += mask[p]!;
        let hits = 0;
        for (let i = 0; i < K; i++) hits += mask[order[i]!]!;
        return hits / K;
      },
    );
    return { scores, higherIsBetter: true };
  },
};
