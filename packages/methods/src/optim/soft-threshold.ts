/**
 * The soft-threshold operator, the proximal map of `t * ||.||_1`:
 * `sign(v) * max(|v| - t, 0)` elementwise (Singla et al. 2019, section 4: values of
 * magnitude at most `lambda1 * alpha` become exactly zero, the others shrink by it).
 */

/** `sign(v_i) * max(|v_i| - t, 0)` for each element, written into `out` (a new array by default). */
export function softThreshold(
  v: ArrayLike<number>,
  t: number,
  out: Float64Array = new Float64Array(v.length),
): Float64Array {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    out[i] = x > t ? x - t : x < -t ? x + t : 0;
  }
  return out;
}
