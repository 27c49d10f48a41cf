/** The input range the preprocessing implies: pixel values through the normalisation. */
import { type InputDomain, perChannel, pixelThroughDomain, type Tensor, XaiError } from '@xai/core';
import { valueRange } from './min-max.js';
import { sampleOf } from './path-points.js';

/** The model's preprocessing: the input domain under its former name (deprecated). */
export type Normalization = InputDomain;

/** The valid input range: one value for every element, or one per channel (axis 1 of the batch). */
export interface DataBounds {
  readonly min: number | readonly number[];
  readonly max: number | readonly number[];
}

/** Channels and elements per channel of one sample: axis 1 of the batch is the channel. */
function channelLayout(x: Tensor): { C: number; plane: number } {
  const D = x.data.length / Math.max(1, x.shape[0] ?? 1);
  const C = x.shape.length >= 2 ? x.shape[1]! : 1;
  return { C, plane: C === 0 ? 0 : D / C };
}

/** One value per element of a sample: pixel `p` of channel c mapped through the normalisation. */
export function pixelThroughNormalization(
  x: Tensor,
  pixel: number,
  normalization?: Normalization,
): Float32Array {
  const { C, plane } = channelLayout(x);
  return pixelThroughDomain(C, plane, pixel, normalization);
}

/**
 * Lower and upper bound of every element of sample `b`: the `bounds` given; else pixel 0
 * and 1 through the normalisation, per channel; else the sample's own minimum and maximum
 * (all it tells us about the data range).
 */
export function elementBounds(
  x: Tensor,
  b: number,
  bounds?: DataBounds,
  normalization?: Normalization,
): { lo: Float32Array; hi: Float32Array } {
  const { C, plane } = channelLayout(x);
  const D = C * plane;
  if (bounds) {
    const lo = new Float32Array(D);
    const hi = new Float32Array(D);
    for (let c = 0; c < C; c++) {
      const l = perChannel(bounds.min, c, C, 'the lower bound');
      const h = perChannel(bounds.max, c, C, 'the upper bound');
      if (!(Number.isFinite(l) && Number.isFinite(h) && l < h)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected finite bounds with min < max but received [${l}, ${h}] for channel ${c}.`,
        );
      }
      lo.fill(l, c * plane, (c + 1) * plane);
      hi.fill(h, c * plane, (c + 1) * plane);
    }
    return { lo, hi };
  }
  if (normalization) {
    return {
      lo: pixelThroughNormalization(x, 0, normalization),
      hi: pixelThroughNormalization(x, 1, normalization),
    };
  }
  const { lo, hi } = valueRange(sampleOf(x, b).data);
  return { lo: new Float32Array(D).fill(lo), hi: new Float32Array(D).fill(hi) };
}
