/** A small deterministic input for the gradient methods' tests. */
import { sizeOf, type Tensor } from '@xai/core';

/** `count` samples shaped `shape`, value `sin(0.37 i)` at flat index i: signed, smooth, no two samples alike. */
export function sineInput(shape: readonly number[], count: number): Tensor {
  return {
    data: Float32Array.from({ length: count * sizeOf(shape) }, (_, i) => Math.sin(0.37 * i)),
    shape: [count, ...shape],
  };
}
