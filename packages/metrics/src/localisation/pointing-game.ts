/**
 * Pointing game (Zhang et al. 2018, section 5.1): a hit when the map's maximum (channels
 * summed) falls within `tolerance` pixels of a ground-truth box of the target (the paper
 * uses 15 pixels at 224x224), a miss otherwise. The score per sample is 1 or 0; their mean
 * is the accuracy. Boxes are `[x0, y0, x1, y1]` in pixels, inclusive, several per sample.
 */
import {
  type AttributionMetric,
  assertFinite,
  papers,
  resolveOptions,
  rule,
  XaiError,
} from '@xai/core';
import { mergeChannels } from '../shared/channel-merge.js';
import { imageDims } from '../shared/image-dims.js';
import { boxesRule } from '../shared/option-rules.js';

export type Box = readonly [x0: number, y0: number, x1: number, y1: number];

export interface PointingGameOptions {
  /** The ground-truth boxes of each sample. */
  readonly boxes: ReadonlyArray<ReadonlyArray<Box>>;
  /** Distance in pixels within which a point still counts as a hit. */
  readonly tolerance: number;
}

export const pointingGame: AttributionMetric<PointingGameOptions> = {
  name: 'pointing-game',
  family: 'localisation',
  higherIsBetter: true,
  title: 'Pointing game',
  summary: "A hit when the map's maximum falls within tolerance pixels of the object's box.",
  paper: papers.zhang2018,
  defaults: { boxes: [], tolerance: 15 },
  rules: {
    boxes: boxesRule,
    tolerance: rule.nonNegative,
  },
  async evaluate(_model, x, attributions, options) {
    const o = resolveOptions(pointingGame, options);
    const { B, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    if (o.boxes.length !== B) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected boxes for each of the ${B} samples but received ${o.boxes.length}.`,
      );
    }
    const merged = mergeChannels(attributions, 'sum');
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let best = 0;
      for (let p = 1; p < H * W; p++)
        if (merged.data[b * H * W + p]! > merged.data[b * H * W + best]!) best = p;
      const px = best % W;
      const py = Math.floor(best / W);
      scores[b] = o.boxes[b]!.some((box) => distanceToBox(px, py, box) <= o.tolerance) ? 1 : 0;
    }
    return { scores, higherIsBetter: true };
  },
};

/** Euclidean distance from a pixel to an inclusive box (0 inside). */
function distanceToBox(px: number, py: number, [x0, y0, x1, y1]: Box): number {
  const dx = Math.max(x0 - px, 0, px - x1);
  const dy = Math.max(y0 - py, 0, py - y1);
  return Math.hypot(dx, dy);
}
