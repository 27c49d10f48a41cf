/**
 * AUC (Fawcett 2006, section 7): the area under the ROC curve of the map used as a
 * detector of the ground-truth mask's pixels (channels summed). Computed exactly as the
 * Mann-Whitney statistic: the probability that a pixel inside outranks one outside,
 * ties counting one half.
 */
import { type AttributionMetric, resolveOptions, type Tensor } from '@xai/core';
import { scoreAgainstMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';
import { fawcett2006 } from '../shared/papers.js';
import { averageRanks } from '../shared/similarity.js';

export interface AucOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export const auc: AttributionMetric<AucOptions> = {
  name: 'auc',
  title: 'AUC (ROC of the map against the mask)',
  summary: 'Area under the ROC curve of the map as a detector of the mask pixels.',
  paper: fawcett2006,
  family: 'localisation',
  higherIsBetter: true,
  defaults: { masks: undefined },
  rules: {
    masks: masksRule,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(auc, options);
    const scores = scoreAgainstMasks(x, attributions, o.masks, 'auc', (pixels, mask) => {
      const ranks = averageRanks(pixels);
      let pos = 0;
      let rankSum = 0;
      for (let p = 0; p < mask.length; p++) {
        if (mask[p]) {
          pos++;
          rankSum += ranks[p]!;
        }
      }
      const neg = mask.length - pos;
      return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
    });
    return { scores, higherIsBetter: true };
  },
};
