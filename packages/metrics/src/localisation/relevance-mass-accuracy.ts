/**
 * Relevance mass accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 4): the share of
 * the relevance that lies inside the ground-truth mask, `R_within / R_total`, with only
 * positive relevance counted as the paper does (channels summed per pixel first).
 */
import { type AttributionMetric, resolveOptions, type Tensor } from '@xai/core';
import { scoreAgainstMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';
import { arras2022 } from '../shared/papers.js';

export interface RelevanceMassAccuracyOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export const relevanceMassAccuracy: AttributionMetric<RelevanceMassAccuracyOptions> = {
  name: 'relevance-mass-accuracy',
  title: 'Relevance mass accuracy',
  summary: 'Share of the (positive) relevance mass inside the ground-truth mask.',
  paper: arras2022,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined },
  rules: {
    masks: masksRule,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(relevanceMassAccuracy, options);
    const scores = scoreAgainstMasks(
      x,
      attributions,
      o.masks,
      'relevance-mass-accuracy',
      (pixels, mask) => {
        let within = 0;
        let total = 0;
        for (let p = 0; p < mask.length; p++) {
          const r = Math.max(0, pixels[p]!);
          total += r;
          if (mask[p]) within += r;
        }
        return total === 0 ? 0 : within / total;
      },
    );
    return { scores, higherIsBetter: true };
  },
};
