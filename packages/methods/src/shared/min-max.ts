/**
 * Min-max normalisation, `(a - min) / (max - min)` (ISA eq. 9, and the usual rescaling of a
 * heatmap to [0, 1]). Shared so every method rescales the same way.
 */

/** The least and the greatest of `values` (+Infinity and -Infinity when there are none). */
export function valueRange(values: ArrayLike<number>): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/**
 * Maps `values` onto [0, 1] by `(a - min(a)) / (max(a) - min(a))`, in float64. When every
 * value is the same (one value, or ties only) the range is empty and each maps to `degenerate`
 * (default 1: a set with nothing to tell apart sits at the top of its range, which is what ISA's
 * last round needs for its surviving, most important features). Non-finite values are rejected
 * by returning NaN for them, so callers that check finiteness catch them.
 */
export function minMaxNormalize(values: ArrayLike<number>, degenerate = 1): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const { lo, hi } = valueRange(values);
  const range = hi - lo;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) out[i] = Number.NaN;
    else out[i] = range > 0 && Number.isFinite(range) ? (v - lo) / range : degenerate;
  }
  return out;
}
