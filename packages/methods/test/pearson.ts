/** Per-sample Pearson correlation, for comparing maps with goldens (core's `pearson`, in float64). */
import { pearson } from '@xai/core';

/** Pearson per sample of two [B, ...] tensors' data, each sample `size` values long. */
export function pearsonPerSample(
  a: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
  b: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
  size: number,
): number[] {
  const out: number[] = [];
  for (let s = 0; s < a.length; s += size) {
    out.push(pearson(a.subarray(s, s + size), b.subarray(s, s + size)));
  }
  return out;
}
