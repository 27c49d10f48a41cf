/**
 * Attribution localisation (Kohlbrenner et al. 2020, section IV-A, eq. 5): the share of
 * the positive relevance that falls inside the object's mask, `mu = R_in+ / R_tot+`
 * (channels summed per pixel first). With `weighted` (the paper's weighted variant, off by
 * default as in Quantus), mu is multiplied by `|image| / |mask|`, so chance level is 1.
 */
import { type AttributionMetric, papers, resolveOptions, rule, type Tensor } from '@xai/core';
import { positiveShareInside, scoreAgainstMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';

export interface AttributionLocalisationOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
  /** Multiply by the inverse share of the mask in the image (the paper's weighted mu). */
  readonly weighted: boolean;
}

export const attributionLocalisation: AttributionMetric<AttributionLocalisationOptions> = {
  name: 'attribution-localisation',
  title: 'Attribution localisation',
  summary: "Share of the positive relevance inside the object's mask.",
  paper: papers.kohlbrenner2020,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined, weighted: false },
  rules: {
    masks: masksRule,
    weighted: rule.boolean,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(attributionLocalisation, options);
    const scores = scoreAgainstMasks(
      x,
      attributions,
      o.masks,
      'attribution-localisation',
      (pixels, mask, size) => {
        const mu = positiveShareInside(pixels, mask);
        return o.weighted ? (mu * mask.length) / size : mu;
      },
    );
    return { scores, higherIsBetter: true };
  },
};
