/** Bilinear resampling of one mask plane, shared by `upsample` and `perturb`'s two paths. */
import type { AxisTaps } from './axis-taps.js';

/**
 * Resamples one h×w mask at `src[srcOffset]` into the H×W buffer at `dst[dstOffset]`. When
 * upsampling (h ≤ H), the horizontal blends of the h source rows are made once into `rows`
 * (h·W float64) and each output row blends two of them: the same operations on the same
 * values as blending per output pixel, so the same bits, in about half the work.
 */
export function resample(
  src: Float32Array,
  srcOffset: number,
  h: number,
  w: number,
  ys: AxisTaps,
  xs: AxisTaps,
  dst: Float32Array,
  dstOffset: number,
  rows: Float64Array,
): void {
  const H = ys.lo.length;
  const W = xs.lo.length;
  if (h > H) {
    for (let y = 0; y < H; y++) {
      const row0 = srcOffset + ys.lo[y]! * w;
      const row1 = srcOffset + ys.hi[y]! * w;
      const ly = ys.frac[y]!;
      const ly0 = ys.oneMinusFrac[y]!;
      const out = dstOffset + y * W;
      for (let x = 0; x < W; x++) {
        const x0 = xs.lo[x]!;
        const x1 = xs.hi[x]!;
        const lx = xs.frac[x]!;
        const lx0 = xs.oneMinusFrac[x]!;
        const top = lx0 * src[row0 + x0]! + lx * src[row0 + x1]!;
        const bottom = lx0 * src[row1 + x0]! + lx * src[row1 + x1]!;
        dst[out + x] = ly0 * top + ly * bottom;
      }
    }
    return;
  }
  for (let sy = 0; sy < h; sy++) {
    const row = srcOffset + sy * w;
    for (let x = 0, r = sy * W; x < W; x++, r++) {
      rows[r] = xs.oneMinusFrac[x]! * src[row + xs.lo[x]!]! + xs.frac[x]! * src[row + xs.hi[x]!]!;
    }
  }
  for (let y = 0; y < H; y++) {
    const top = ys.lo[y]! * W;
    const bottom = ys.hi[y]! * W;
    const ly = ys.frac[y]!;
    const ly0 = ys.oneMinusFrac[y]!;
    const out = dstOffset + y * W;
    for (let x = 0; x < W; x++) dst[out + x] = ly0 * rows[top + x]! + ly * rows[bottom + x]!;
  }
}
