import { formatShape, type Tensor, XaiError } from '@xai/core';

/** N, C, H, W of an image batch; methods that move pixels need NCHW. */
export function nchw(x: Tensor, method: string): [number, number, number, number] {
  if (x.shape.length !== 4) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an image batch [B, C, H, W] for ${method} but received ${formatShape(x.shape)}.`,
    );
  }
  return x.shape as [number, number, number, number];
}
