/**
 * cos θ and sin θ of the Box–Muller angles θ = 2π·k·2⁻²⁴ (k < 2²⁴, 2π the float64 of docs/rng.md)
 * without a Math.cos and a Math.sin per pair, which were most of a normal draw's time. θ is split
 * as A + B, A = 2π·(k >> 12)/2¹² from a 4096-entry table and B = 2π·(k & 4095)/2²⁴ < 1.6e-3 by
 * its Taylor series, joined by the angle-sum formulas. Over all 2²⁴ angles the result is within
 * `SINCOS_ERROR` of V8's Math.cos and Math.sin of θ (prng-sincos.test.ts checks every k); the
 * normal fill keeps r·cos θ only when every float64 within `NORMAL_GUARD` of it rounds to the
 * same float32, and otherwise calls Math.cos / Math.sin as the formula does, so the values are
 * bit for bit those of docs/rng.md.
 */

/** Doubling Math.PI is exact, so this is the float64 nearest 2π, as in prng.ts. */
const TWO_PI = 2 * Math.PI;
const TWO_POW_MINUS_24 = 1 / 16777216;

/** Largest |approximation − Math.cos/Math.sin| over all 2²⁴ angles; the test measures it. */
export const SINCOS_ERROR = 1e-14;

/**
 * How far the float64 r·cos θ from the tables may lie from r·Math.cos(θ): r ≤ √(48 ln 2) < 5.78
 * times SINCOS_ERROR, plus each product's rounding (2⁻⁵³·5.78 each) and a libm that is 1 ulp
 * off (5.78·2⁻⁵²), about 6e-14; the guard keeps 15 times that.
 */
export const NORMAL_GUARD = 1e-12;

let cosTable: Float64Array | undefined;
let sinTable: Float64Array | undefined;

/** cos and sin of 2π·j/4096, j < 4096, made on the first normal fill (8192 libm calls). */
export function angleTables(): { cos: Float64Array; sin: Float64Array } {
  if (!cosTable || !sinTable) {
    const c = new Float64Array(4096);
    const s = new Float64Array(4096);
    for (let j = 0; j < 4096; j++) {
      const a = TWO_PI * (j * 4096 * TWO_POW_MINUS_24);
      c[j] = Math.cos(a);
      s[j] = Math.sin(a);
    }
    cosTable = c;
    sinTable = s;
  }
  return { cos: cosTable, sin: sinTable };
}

/**
 * The approximations of cos and sin of θ = 2π·k·2⁻²⁴ written into out[0], out[1], as the normal
 * fill computes them inline (kept here for the exhaustive test and the benchmark).
 */
export function approxSinCos(
  k: number,
  table: { cos: Float64Array; sin: Float64Array },
  out: Float64Array,
): void {
  const b = 6.283185307179586 * ((k & 4095) * (1 / 16777216)); // 2π·(k & 4095)·2⁻²⁴
  const b2 = b * b;
  const cb = 1 - b2 * (0.5 - b2 * (1 / 24));
  const sb = b * (1 - b2 * (1 / 6 - b2 * (1 / 120)));
  const ca = table.cos[k >>> 12]!;
  const sa = table.sin[k >>> 12]!;
  out[0] = ca * cb - sa * sb;
  out[1] = sa * cb + ca * sb;
}

/**
 * The two float32 normals of the word pair (w1, w2), as docs/rng.md's Box–Muller makes them:
 * r·cos θ and r·sin θ with θ from the tables, each kept only when every float64 within
 * NORMAL_GUARD of it rounds to the same float32 (so the exact value does too), else recomputed
 * with Math.cos / Math.sin (near a rounding boundary, and at r = 0).
 */
export function guardedNormalPair(
  w1: number,
  w2: number,
  table: { cos: Float64Array; sin: Float64Array },
  out: Float64Array,
): void {
  // Literals, not the module's constants: the bundler makes those `var`s, slow to read.
  const twoPowMinus24 = 1 / 16777216;
  const guard = 1e-12; // NORMAL_GUARD
  const u1 = ((w1 >>> 8) + 1) * twoPowMinus24;
  const k = w2 >>> 8;
  const r = Math.sqrt(-2 * Math.log(u1));
  approxSinCos(k, table, out);
  const zc = r * out[0]!;
  const zs = r * out[1]!;
  let c = Math.fround(zc - guard);
  if (c !== Math.fround(zc + guard)) c = Math.fround(r * Math.cos(TWO_PI * (k * twoPowMinus24)));
  let s = Math.fround(zs - guard);
  if (s !== Math.fround(zs + guard)) s = Math.fround(r * Math.sin(TWO_PI * (k * twoPowMinus24)));
  out[0] = c;
  out[1] = s;
}
