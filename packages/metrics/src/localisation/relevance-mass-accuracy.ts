/**
 * Relevance mass accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 4): the share of
 * the relevance that lies inside the ground-truth mask, `R_within / R_total`, with only
 * positive relevance counted as the paper does (channels summed per pixel first).
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
import { pixelScores } from '../shared/pixels.js';

export interface RelevanceMassAccuracyOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export const relevanceMassAccuracy: AttributionMetric<RelevanceMassAccuracyOptions> = {
  name: 'relevance-mass-accuracy',
  title: 'Relevance mass accuracy',
  summary: 'Share of the (positive) relevance mass inside the ground-truth mask.',
  paper: papers.arras2022,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined },
  rules: {
    masks: masksRule,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(relevanceMassAccuracy, options);
    const { B, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    const n = H * W;
    const masks = readMasks(o.masks, B, H, W, 'relevance-mass-accuracy');
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const a = pixelScores(attributions, b);
      let within = 0;
      let total = 0;
      for (let p = 0; p < n; p++) {
        const r = Math.max(0, a[p]!);
        total += r;
        if (masks[b * n + p]) within += r;
      }
      scores[b] = total === 0 ? 0 : within / total;
    }
    return { scores, higherIsBetter: true };
  },
};
