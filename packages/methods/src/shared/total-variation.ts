/**
 * The total-variation term of mask-optimisation methods (Fong and Vedaldi 2017, used by
 * I-GOS eq. 2 and 9): for a mask M of h x w,
 *
 *   TV(M) = mean_{i,j} |M[i+1, j] - M[i, j]|^beta + mean_{i,j} |M[i, j+1] - M[i, j]|^beta,
 *
 * each mean over the differences that exist ((h - 1) w vertical ones, h (w - 1) horizontal
 * ones), as the authors' code writes it; beta = 2 by default. An axis of length 1 has no
 * differences and contributes 0.
 */

/** TV(M) of one h x w mask stored row-major in `mask` from `offset`. */
export function totalVariation(
  mask: ArrayLike<number>,
  h: number,
  w: number,
  beta = 2,
  offset = 0,
): number {
  let vertical = 0;
  let horizontal = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const m = mask[offset + i * w + j]!;
      if (i + 1 < h) vertical += Math.abs(mask[offset + (i + 1) * w + j]! - m) ** beta;
      if (j + 1 < w) horizontal += Math.abs(mask[offset + i * w + j + 1]! - m) ** beta;
    }
  }
  const nv = (h - 1) * w;
  const nh = h * (w - 1);
  return (nv > 0 ? vertical / nv : 0) + (nh > 0 ? horizontal / nh : 0);
}

/**
 * The gradient of `totalVariation` with respect to each mask element, added into `out[0 .. h·w)`
 * (scaled by `scale`). For beta = 1 the subgradient at a zero difference is 0 (sign(0) = 0).
 */
export function addTotalVariationGradient(
  mask: ArrayLike<number>,
  h: number,
  w: number,
  out: Float64Array,
  beta = 2,
  scale = 1,
  offset = 0,
): void {
  const nv = (h - 1) * w;
  const nh = h * (w - 1);
  // d/dd |d|^beta = beta |d|^(beta - 1) sign(d); 0 at d = 0 (the subgradient torch takes for beta = 1).
  const dPow = (d: number): number =>
    d === 0 ? 0 : beta * Math.abs(d) ** (beta - 1) * Math.sign(d);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const p = i * w + j;
      const m = mask[offset + p]!;
      if (nv > 0 && i + 1 < h) {
        // d = M[i+1, j] - M[i, j]: d/dM[i+1,j] = +, d/dM[i,j] = -.
        const g = (scale * dPow(mask[offset + p + w]! - m)) / nv;
        out[p + w]! += g;
        out[p]! -= g;
      }
      if (nh > 0 && j + 1 < w) {
        const g = (scale * dPow(mask[offset + p + 1]! - m)) / nh;
        out[p + 1]! += g;
        out[p]! -= g;
      }
    }
  }
}
