/** Distances in units in the last place of float32, the yardstick of the kernel contract. */

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The float32 bit pattern of `x` (after rounding to float32), as an unsigned 32-bit integer. */
export function float32Bits(x: number): number {
  f32[0] = x;
  return i32[0]! >>> 0;
}

/** Maps float32 values onto integers in the same order, adjacent floats one apart, ±0 both 0. */
function ordinal(x: number): number {
  f32[0] = x;
  const bits = i32[0]!;
  return bits < 0 ? -2147483648 - bits : bits;
}

/**
 * How many float32 values lie between `a` and `b` after both are rounded to float32, plus one
 * if they differ: 0 for equal values (+0 and −0 included), 1 for neighbours. Two NaNs are 0
 * apart; a NaN and a number are infinitely far apart.
 */
export function ulpDistance(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(ordinal(a) - ordinal(b));
}

/** The gap between `x` (rounded to float32) and the next float32 away from zero. */
export function ulpOf(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  f32[0] = a;
  i32[0] = i32[0]! + 1;
  return f32[0]! - a;
}
