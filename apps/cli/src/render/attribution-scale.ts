/**
 * Which part of an attribution map is shown, as Captum's `visualize_image_attr` names it:
 * 'all' keeps the sign (a diverging map), 'positive' / 'negative' keep one side,
 * 'absolute' shows magnitudes.
 */
export type AttributionSign = 'all' | 'positive' | 'negative' | 'absolute';

/** A map summed over channels: one value per pixel, row-major H x W. */
export function sumChannels(a: Float32Array, C: number, H: number, W: number): Float64Array {
  const v = new Float64Array(H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) v[p]! += a[c * H * W + p]!;
  return v;
}

/** The values that `sign` keeps: negatives flipped to positive for 'negative', |v| for 'absolute'. */
export function keptValues(v: Float64Array, sign: AttributionSign): Float64Array {
  switch (sign) {
    case 'all':
      return v;
    case 'absolute':
      return v.map(Math.abs);
    case 'positive':
      return v.map((x) => Math.max(0, x));
    case 'negative':
      return v.map((x) => Math.max(0, -x));
  }
}

/**
 * The clipping point for outliers, as Captum's `_cumulative_sum_threshold`: the smallest
 * magnitude at which the sorted magnitudes' running sum reaches `100 - outlierPercent`
 * percent of their total, so the few largest values that hold the last `outlierPercent`
 * percent of the mass saturate instead of washing out the rest. Taken over every map
 * given, so maps drawn side by side share one scale. 0 when every value is 0.
 */
export function clippingThreshold(maps: readonly Float64Array[], outlierPercent = 2): number {
  const n = maps.reduce((s, m) => s + m.length, 0);
  const mags = new Float64Array(n);
  let o = 0;
  for (const m of maps) for (const x of m) mags[o++] = Math.abs(x);
  mags.sort();
  let total = 0;
  for (const x of mags) total += x;
  if (!(total > 0)) return 0;
  const goal = (total * (100 - outlierPercent)) / 100;
  let run = 0;
  for (const x of mags) {
    run += x;
    if (run >= goal) return x;
  }
  return mags[n - 1]!;
}

/**
 * Values divided by `threshold` and clipped: to [-1, 1] for 'all', to [0, 1] otherwise
 * (after `keptValues`). All zero when the threshold is 0.
 */
export function normaliseAttribution(kept: Float64Array, threshold: number): Float64Array {
  return kept.map((x) => (threshold > 0 ? Math.max(-1, Math.min(1, x / threshold)) : 0));
}
