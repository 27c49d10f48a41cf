/** The adjoint of `Kernels.upsample`, for methods that optimise a mask through the upsampling. */
import { axisTaps } from './js-kernels/axis-taps.js';

/**
 * The adjoint (transpose) of the kernels' bilinear upsampling from h x w to H x W (half-pixel
 * centres, or corner-aligned with `alignCorners`, as `Kernels.upsample`): for r on the H x W
 * grid, returns upᵀ r on the h x w grid, so that <up(m), r> = <m, upᵀ r> for every m.
 */
export function upsampleAdjoint(
  r: ArrayLike<number>,
  H: number,
  W: number,
  h: number,
  w: number,
  alignCorners = false,
): Float64Array {
  const ys = axisTaps(h, H, alignCorners);
  const xs = axisTaps(w, W, alignCorners);
  const out = new Float64Array(h * w);
  for (let y = 0; y < H; y++) {
    const y0 = ys.lo[y]!;
    const y1 = ys.hi[y]!;
    const fy = ys.frac[y]!;
    for (let xo = 0; xo < W; xo++) {
      const x0 = xs.lo[xo]!;
      const x1 = xs.hi[xo]!;
      const fx = xs.frac[xo]!;
      const v = r[y * W + xo]!;
      out[y0 * w + x0]! += (1 - fy) * (1 - fx) * v;
      out[y0 * w + x1]! += (1 - fy) * fx * v;
      out[y1 * w + x0]! += fy * (1 - fx) * v;
      out[y1 * w + x1]! += fy * fx * v;
    }
  }
  return out;
}
