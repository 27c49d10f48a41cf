import type { Tensor } from '@xai/core';

/**
 * One row of `length` float32 values per sample (a curve, a correlation per size, ...),
 * filled sample by sample and reported in a result's `details` as the `[B, length]` tensor.
 */
export function sampleRows(B: number, length: number) {
  const data = new Float32Array(B * length);
  return {
    /** Sample `b`'s row, a view to fill or read back. */
    row: (b: number): Float32Array => data.subarray(b * length, (b + 1) * length),
    tensor: { data, shape: [B, length] } as Tensor,
  };
}
