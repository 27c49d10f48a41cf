import { createRng, type Tensor } from '@xai/core';

/** One sample's attributions merged over channels (sum) into `H * W` per-pixel scores. */
export function pixelScores(attributions: Tensor, b: number): Float64Array {
  const [, C, H, W] = attributions.shape as [number, number, number, number];
  const n = H * W;
  const out = new Float64Array(n);
  const base = b * C * n;
  for (let c = 0; c < C; c++)
    for (let p = 0; p < n; p++) out[p]! += attributions.data[base + c * n + p]!;
  return out;
}

/** Indices sorted by value, largest first; ties keep index order (a stable sort). */
export function orderDescending(v: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[b]! - v[a]! || a - b);
}

/** Indices sorted by value, smallest first; ties keep index order. */
export function orderAscending(v: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
}

/**
 * Sets the listed pixels (all channels) of a `[C, H * W]` image to the baseline, which
 * is one number or a tensor shaped like the image.
 */
export function setPixels(
  image: Float32Array,
  C: number,
  n: number,
  pixels: ArrayLike<number>,
  baseline: Tensor | number,
): void {
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < pixels.length; i++) {
      const p = c * n + pixels[i]!;
      image[p] = typeof baseline === 'number' ? baseline : baseline.data[p]!;
    }
  }
}

/** The `samples` distinct indices of a partial Fisher-Yates shuffle of 0..n-1. */
export function randomSubset(n: number, size: number, next: (k: number) => number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + next(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, size);
}

/**
 * Random subsets of the pixels 0..n-1 from one stream of the counter-based generator:
 * each call draws `size` distinct pixels (see `randomSubset`).
 */
export function subsetDrawer(
  n: number,
  seed: number,
  stream: number,
): (size: number) => Int32Array {
  const rng = createRng(seed, stream);
  return (size) => randomSubset(n, size, (k) => rng.int(k));
}

/** The smallest and largest of the values (`[Infinity, -Infinity]` when there are none). */
export function valueRange(values: ArrayLike<number>): [lo: number, hi: number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return [lo, hi];
}
