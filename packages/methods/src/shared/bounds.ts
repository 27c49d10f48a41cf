/** The input range the preprocessing implies: pixel values through the normalisation. */
import { type InputDomain, type Tensor, XaiError } from '@xai/core';
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

/** Value `v[c]` of a per-channel list of length 1 or C, checked. */
function perChannel(v: number | readonly number[], c: number, C: number, what: string): number {
  if (typeof v === 'number') return v;
  if (v.length !== 1 && v.length !== C) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected 1 or ${C} values (one per channel) for ${what} but received ${v.length}.`,
    );
  }
  return v[v.length === 1 ? 0 : c]!;
}

/** One value per element of a sample: pixel `p` of channel c mapped through the normalisation. */
export function pixelThroughNormalization(
  x: Tensor,
  pixel: number,
  normalization?: Normalization,
): Float32Array {
  const { C, plane } = channelLayout(x);
  const out = new Float32Array(C * plane);
  for (let c = 0; c < C; c++) {
    let v = pixel;
    if (normalization) {
      const m = perChannel(normalization.mean, c, C, 'the normalisation mean');
      const s = perChannel(normalization.std, c, C, 'the normalisation std');
      if (!(s > 0)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected a positive normalisation std but received ${s} for channel ${c}.`,
        );
      }
      v = (pixel - m) / s;
    }
    out.fill(v, c * plane, (c + 1) * plane);
  }
  return out;
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
  const s = sampleOf(x, b).data;
  let l = Number.POSITIVE_INFINITY;
  let h = Number.NEGATIVE_INFINITY;
  for (const v of s) {
    if (v < l) l = v;
    if (v > h) h = v;
  }
  return { lo: new Float32Array(D).fill(l), hi: new Float32Array(D).fill(h) };
}
