/**
 * Relevance rank accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 3): with K the
 * size of the ground-truth mask, the share of the K most relevant pixels (channels summed)
 * that lie inside it, `|P_top-K ∩ GT| / K`. Ties are broken by pixel index (stable order).
 */
import {
  type AttributionMetric,
  assertFinite,
  papers,
  resolveOptions,
  type Tensor,
} from '@xai/core';
import { imageDims } from '../shared/image-dims.js';
import { readMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';

export interface RelevanceRankAccuracyOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export const relevanceRankAccuracy: AttributionMetric<RelevanceRankAccuracyOptions> = {
  name: 'relevance-rank-accuracy',
  title: 'Relevance rank accuracy',
  summary: 'Share of the K most relevant pixels inside the mask, K being the mask size.',
  paper: papers.arras2022,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined },
  rules: {
    masks: masksRule,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(relevanceRankAccuracy, options);
    const { B, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    const n = H * W;
    const masks = readMasks(o.masks, B, H, W, 'relevance-rank-accuracy');
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const order = orderDescending(pixelScores(attributions, b));
      let K = 0;
      for (let p = 0; p < n; p++) K += masks[b * n + p]!;
      let hits = 0;
      for (let i = 0; i < K; i++) hits += masks[b * n + order[i]!]!;
      scores[b] = hits / K;
    }
    return { scores, higherIsBetter: true };
  },
};
