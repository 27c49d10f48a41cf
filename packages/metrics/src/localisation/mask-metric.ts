import {
  type AttributionMetric,
  type PaperReference,
  resolveOptions,
  type Tensor,
} from '@xai/core';
import { scoreAgainstMasks } from '../shared/masks.js';
import { masksRule } from '../shared/option-rules.js';

/** The options of a metric that scores a map against ground-truth masks only. */
export interface MaskMetricOptions {
  /** The ground-truth mask of each sample, `[B, 1, H, W]`, non-zero inside. */
  readonly masks: Tensor | undefined;
}

export interface MaskMetricSpec {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly paper: PaperReference;
  /** One sample's score from its per-pixel scores (channels summed), its 0/1 mask and the mask's size. */
  readonly score: (pixels: Float64Array, mask: Uint8Array, size: number) => number;
}

/** A localisation metric of the map against the masks alone; higher is better. */
export function maskMetric(spec: MaskMetricSpec): AttributionMetric<MaskMetricOptions> {
  const metric: AttributionMetric<MaskMetricOptions> = {
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    paper: spec.paper,
    family: 'localisation',
    higherIsBetter: true,
    defaults: { masks: undefined },
    rules: { masks: masksRule },
    async evaluate(_model, x, attributions, options) {
      const o = resolveOptions(metric, options);
      const scores = scoreAgainstMasks(x, attributions, o.masks, spec.name, spec.score);
      return { scores, higherIsBetter: true };
    },
  };
  return metric;
}
