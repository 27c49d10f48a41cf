import { formatShape, type Tensor, XaiError } from '@xai/core';

/** Batch, channels, height and width of an NCHW image batch. */
export interface ImageDims {
  readonly B: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
}

/** Reads NCHW dims and checks that the attributions are shaped like the input (or `[B, 1, H, W]`). */
export function imageDims(x: Tensor, attributions: Tensor): ImageDims {
  if (x.shape.length !== 4) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an image batch [B, C, H, W] but received ${formatShape(x.shape)}.`,
    );
  }
  const [B, C, H, W] = x.shape as [number, number, number, number];
  const a = attributions.shape;
  const ok = a.length === 4 && a[0] === B && (a[1] === C || a[1] === 1) && a[2] === H && a[3] === W;
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected attributions of shape ${formatShape(x.shape)} or [${B}, 1, ${H}, ${W}] for the input ${formatShape(x.shape)} but received ${formatShape(a)}.`,
    );
  }
  return { B, C, H, W };
}
