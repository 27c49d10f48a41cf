/** Bilinear resampling along one axis, shared by the kernels' upsampling and its adjoint. */
/** Where output index o of one axis reads from: source cells lo, hi and the weight of hi. */
export interface AxisTaps {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly frac: Float64Array;
  readonly oneMinusFrac: Float64Array;
}

/**
 * The half-pixel source coordinate (o + 0.5)·in/out − 0.5, clamped at 0, written as the
 * exact fraction ((2o + 1)·in − out) / (2·out) so that floor and remainder are exact in every
 * language and no multiply-add can be contracted differently. With `alignCorners`, the
 * coordinate o·(in − 1)/(out − 1), as the exact fraction o·(in − 1) / (out − 1) (0 when out = 1,
 * as torch).
 */
export function axisTaps(inSize: number, outSize: number, alignCorners = false): AxisTaps {
  const taps = {
    lo: new Int32Array(outSize),
    hi: new Int32Array(outSize),
    frac: new Float64Array(outSize),
    oneMinusFrac: new Float64Array(outSize),
  };
  const den = alignCorners ? Math.max(1, outSize - 1) : 2 * outSize;
  for (let o = 0; o < outSize; o++) {
    const num = alignCorners
      ? outSize === 1
        ? 0
        : o * (inSize - 1)
      : (2 * o + 1) * inSize - outSize;
    const lo = num <= 0 ? 0 : Math.floor(num / den);
    const frac = num <= 0 ? 0 : (num - lo * den) / den;
    taps.lo[o] = lo;
    taps.hi[o] = Math.min(lo + 1, inSize - 1);
    taps.frac[o] = frac;
    taps.oneMinusFrac[o] = 1 - frac;
  }
  return taps;
}
