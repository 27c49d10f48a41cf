/**
 * The pixel space of the adversarial-path methods (BIG, AGI, MFABA). Their reference code
 * takes steps and radii in pixel units of images in [0, 1], with the normalisation inside
 * the model, and clips to [0, 1]. Here inputs are model inputs: with `normalization` a
 * step of s pixel units is `s / std_c` in channel c and the clip range is pixel 0 and 1
 * through the normalisation; with `bounds` the clip range is those; with neither, steps
 * are in input units and nothing is clipped.
 */
import type { Tensor } from '@xai/core';
import {
  type DataBounds,
  elementBounds,
  type Normalization,
  pixelThroughNormalization,
} from '../shared/bounds.js';

export interface PixelSpace {
  /** Input units per pixel unit, per element of one sample (1 / std of its channel). */
  readonly scale: Float32Array;
  /** The clip range per element of one sample, or none. */
  readonly lo?: Float32Array;
  readonly hi?: Float32Array;
}

/** The pixel space of the samples of `x` (one layout for the whole batch). */
export function pixelSpace(
  x: Tensor,
  o: { readonly normalization?: Normalization; readonly bounds?: DataBounds },
): PixelSpace {
  const D = x.data.length / Math.max(1, x.shape[0] ?? 1);
  let scale = new Float32Array(D).fill(1);
  if (o.normalization) {
    const one = pixelThroughNormalization(x, 1, o.normalization);
    const zero = pixelThroughNormalization(x, 0, o.normalization);
    scale = one.map((v, i) => v - zero[i]!);
  }
  if (!o.bounds && !o.normalization) return { scale };
  const { lo, hi } = elementBounds(x, 0, o.bounds, o.normalization);
  return { scale, lo, hi };
}

/** Clips `v` (one sample, in place) to the pixel space's range, if it has one. */
export function clipToRange(space: PixelSpace, v: Float32Array | Float64Array): void {
  const { lo, hi } = space;
  if (!lo || !hi) return;
  for (let i = 0; i < v.length; i++) v[i] = Math.min(hi[i]!, Math.max(lo[i]!, v[i]!));
}
