/**
 * Top-k intersection (Theiner, Mueller-Budack and Ewerth 2022, section 4.3): the share of
 * the k most relevant pixels (channels summed) that lie inside the ground-truth mask,
 * `|top-k ∩ GT| / k`. The paper leaves k to the data; the default 1000 is Quantus'.
 */
import {
  type AttributionMetric,
  assertFinite,
  papers,
  resolveOptions,
  rule,
  type Tensor,
} from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { readMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';

export interface TopKIntersectionOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
  /** How many of the most relevant pixels are checked (Quantus: 1000). */
  readonly k: number;
}

export const topKIntersection: AttributionMetric<TopKIntersectionOptions> = {
  name: 'top-k-intersection',
  title: 'Top-k intersection',
  summary: 'Share of the k most relevant pixels that fall inside the ground-truth mask.',
  paper: papers.theiner2021,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined, k: 1000 },
  rules: {
    masks: masksRule,
    k: rule.integer(),
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(topKIntersection, options);
    const { B, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.k, 'k', 1, n);
    assertFinite(attributions, 'the attributions');
    const masks = readMasks(o.masks, B, H, W, 'top-k-intersection');
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const order = orderDescending(pixelScores(attributions, b));
      let hits = 0;
      for (let i = 0; i < o.k; i++) hits += masks[b * n + order[i]!]!;
      scores[b] = hits / o.k;
    }
    return { scores, higherIsBetter: true };
  },
};
