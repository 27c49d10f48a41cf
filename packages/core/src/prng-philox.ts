/**
 * The Philox4x32-10 block function (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as
 * easy as 1, 2, 3", SC 2011; Random123's `philox4x32_R(10, ctr, key)`), in JavaScript. The
 * layout of key and counter and what the fills make of the words are in prng.ts and docs/rng.md.
 */

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** A block's counter words (c0, c1, c2, c3) and key words (k0, k1), all uint32. */
export type CounterAndKey = [
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
];

/**
 * High 32 bits of the exact 64-bit product of two uint32 values, from 16-bit limbs: every
 * partial product is below 2^32, so the integer operators stay exact.
 */
export function mulhi32(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const lowLow = aLow * bLow;
  const highLow = aHigh * bLow;
  const lowHigh = aLow * bHigh;
  const carry = ((lowLow >>> 16) + (highLow & 0xffff) + (lowHigh & 0xffff)) >>> 16;
  return (aHigh * bHigh + (highLow >>> 16) + (lowHigh >>> 16) + carry) >>> 0;
}

/**
 * Philox4x32-10 blocks of counters (c0 + i, c1, c2, c3), i < count (c0 carries into c1), under
 * key (k0, k1), written into out[4i .. 4i + 3]. The bulk fills' inner loop, without calls or
 * allocations: words are kept as int32 (a Uint32Array store reads them mod 2³²), and the high
 * halves of the products come from 16-bit limbs of the word and of the constant multiplier, as
 * in `mulhi32` (every partial product below 2³²).
 */
export function philoxBlocks(
  out: Uint32Array,
  count: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
): void {
  // Local constants: the bundler turns module constants into \`var\`s, which V8 reads from the
  // module's context on every use (twice the time of the whole fill).
  const m0 = PHILOX_M0 | 0;
  const m1 = PHILOX_M1 | 0;
  const m0Low = 0x1f53;
  const m0High = 0xd251;
  const m1Low = 0x8d57;
  const m1High = 0xcd9e;
  const w0 = PHILOX_W0 | 0;
  const w1 = PHILOX_W1 | 0;
  let b0 = c0 | 0;
  let b1 = c1 | 0;
  const s0 = c2 | 0;
  const s1 = c3 | 0;
  for (let i = 0, w = 0; i < count; i++, w += 4) {
    let x0 = b0;
    let x1 = b1;
    let x2 = s0;
    let x3 = s1;
    let key0 = k0 | 0;
    let key1 = k1 | 0;
    for (let r = 0; r < 10; r++) {
      let low = x0 & 0xffff;
      let high = x0 >>> 16;
      let lowLow = low * m0Low;
      let highLow = high * m0Low;
      let lowHigh = low * m0High;
      const hi0 =
        (high * m0High +
          (highLow >>> 16) +
          (lowHigh >>> 16) +
          (((lowLow >>> 16) + (highLow & 0xffff) + (lowHigh & 0xffff)) >>> 16)) |
        0;
      low = x2 & 0xffff;
      high = x2 >>> 16;
      lowLow = low * m1Low;
      highLow = high * m1Low;
      lowHigh = low * m1High;
      const hi1 =
        (high * m1High +
          (highLow >>> 16) +
          (lowHigh >>> 16) +
          (((lowLow >>> 16) + (highLow & 0xffff) + (lowHigh & 0xffff)) >>> 16)) |
        0;
      const lo0 = Math.imul(m0, x0);
      const lo1 = Math.imul(m1, x2);
      x0 = hi1 ^ x1 ^ key0;
      x1 = lo1;
      x2 = hi0 ^ x3 ^ key1;
      x3 = lo0;
      key0 = (key0 + w0) | 0; // one bump too many after the last round: unused
      key1 = (key1 + w1) | 0;
    }
    out[w] = x0;
    out[w + 1] = x1;
    out[w + 2] = x2;
    out[w + 3] = x3;
    b0 = (b0 + 1) | 0;
    if (b0 === 0) b1 = (b1 + 1) | 0;
  }
}

/**
 * One Philox4x32-10 block, written into `out` (4 words). Counter words c0..c3, key words k0, k1,
 * all uint32. Allocation-free, for the sequential generator's reads.
 */
export function philoxInto(
  out: Uint32Array,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
): void {
  philoxBlocks(out, 1, c0, c1, c2, c3, k0, k1);
}

/** Philox4x32-10 of a 4-word counter under a 2-word key, as in Random123's `philox4x32`. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
): Uint32Array {
  const out = new Uint32Array(4);
  const [c0, c1, c2, c3] = counter.map((w) => w >>> 0) as [number, number, number, number];
  philoxInto(out, c0, c1, c2, c3, key[0] >>> 0, key[1] >>> 0);
  return out;
}
