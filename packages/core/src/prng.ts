/**
 * Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011; the Random123 generator that cuRAND and JAX use).
 *
 * A draw is a pure function of (seed, stream, index), so the JS, C++ and CUDA kernels produce
 * the very same numbers in any order and on any number of threads. The exact layout of key and
 * counter, and how words become uniforms and normals, is specified in docs/rng.md.
 */
import { XaiError } from './errors.js';
import { angleTables, guardedNormalPair } from './prng-sincos.js';

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
/** Blocks the bulk fills make at a time, into one 16 KiB scratch shared by every call. */
const CHUNK_BLOCKS = 1024;
const chunkWords = new Uint32Array(4 * CHUNK_BLOCKS);
/** Doubling Math.PI is exact, so this is the float64 nearest 2π, as `2.0 * M_PI` is in C. */
const TWO_PI = 2 * Math.PI;

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

/** Throws unless `value` is an integer in [0, 2^53 - 1], which seeds, streams and offsets are. */
export function assertCounterInteger(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-negative safe integer (0 to 2^53 - 1) for ${what} but received ${String(value)}.`,
    );
  }
}

/** Throws unless `offset` is valid and `count` elements from it end at most at 2^53 - 1. */
export function assertCounterRange(
  offset: unknown,
  count: number,
  what: string,
): asserts offset is number {
  assertCounterInteger(offset, `the offset of ${what}`);
  if (count - 1 > Number.MAX_SAFE_INTEGER - offset) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected the last element of ${what} to be at most 2^53 - 1 but received offset ${offset} with ${count} elements.`,
    );
  }
}

/**
 * Reads words of one (seed, stream): word i is lane i % 4 of the block at counter
 * floor(i / 4). Caches the last block, so sequential reads cost one Philox call per 4 words.
 */
class WordReader {
  private readonly words = new Uint32Array(4);
  private block = -1;
  private readonly k0: number;
  private readonly k1: number;
  private readonly s0: number;
  private readonly s1: number;

  constructor(seed: number, stream: number) {
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / TWO_POW_32);
    this.s0 = stream >>> 0;
    this.s1 = Math.floor(stream / TWO_POW_32);
  }

  /** The 4 words of block `b`. The returned array is reused by the next call. */
  blockWords(b: number): Uint32Array {
    if (b !== this.block) {
      philoxInto(
        this.words,
        b >>> 0,
        Math.floor(b / TWO_POW_32),
        this.s0,
        this.s1,
        this.k0,
        this.k1,
      );
      this.block = b;
    }
    return this.words;
  }

  word(i: number): number {
    return this.blockWords(Math.floor(i / 4))[i % 4]!;
  }
}

/** A uniform in [0, 1) from the top 24 bits of a word; exact in float32 and float64. */
export function uniformFromWord(w: number): number {
  return (w >>> 8) * TWO_POW_MINUS_24;
}

/**
 * Box–Muller on a pair of words, in float64 and then rounded to float32: u1 in (0, 1] so the
 * logarithm is finite, u2 in [0, 1). Writes r·cos θ and r·sin θ into `out`.
 */
function boxMuller(w1: number, w2: number, out: Float64Array): void {
  const u1 = ((w1 >>> 8) + 1) * TWO_POW_MINUS_24;
  const u2 = (w2 >>> 8) * TWO_POW_MINUS_24;
  const r = Math.sqrt(-2 * Math.log(u1));
  const theta = TWO_PI * u2;
  out[0] = Math.fround(r * Math.cos(theta));
  out[1] = Math.fround(r * Math.sin(theta));
}

/** The two float32 normals (r·cos θ, r·sin θ) that the pair of words (w1, w2) gives. */
export function normalPairFromWords(w1: number, w2: number): [number, number] {
  const pair = new Float64Array(2);
  boxMuller(w1, w2, pair);
  return [pair[0]!, pair[1]!];
}

/** Fills `out[j]` with uniform element `offset + j` of (seed, stream). */
export function fillUniform(
  out: Float32Array,
  seed: number,
  stream: number,
  offset = 0,
): Float32Array {
  assertCounterInteger(seed, 'the seed');
  assertCounterInteger(stream, 'the stream');
  assertCounterRange(offset, out.length, 'the uniform draws');
  const n = out.length;
  const words = chunkWords;
  let block = Math.floor(offset / 4);
  let first = offset % 4; // the first word of the chunk that is an element of `out`
  for (let j = 0; j < n; block += CHUNK_BLOCKS, first = 0) {
    const count = Math.min(CHUNK_BLOCKS, Math.ceil((first + n - j) / 4));
    philoxChunk(words, count, block, seed, stream);
    const stop = Math.min(4 * count, first + n - j);
    for (let w = first; w < stop; w++) out[j++] = (words[w]! >>> 8) * (1 / 16777216); // 2⁻²⁴
  }
  return out;
}

/** Blocks `block .. block + count - 1` of (seed, stream) into `words`, as laid out in docs/rng.md. */
function philoxChunk(
  words: Uint32Array,
  count: number,
  block: number,
  seed: number,
  stream: number,
): void {
  philoxBlocks(
    words,
    count,
    block >>> 0,
    Math.floor(block / TWO_POW_32),
    stream >>> 0,
    Math.floor(stream / TWO_POW_32),
    seed >>> 0,
    Math.floor(seed / TWO_POW_32),
  );
}

/**
 * Fills `out[j]` with normal element `offset + j` of (seed, stream). Element i comes from
 * block floor(i / 4): lanes (0, 1) give elements 4b (cos) and 4b + 1 (sin), lanes (2, 3)
 * give 4b + 2 (cos) and 4b + 3 (sin). Whole pairs take cos θ and sin θ from the tables of
 * prng-sincos.ts, each value checked to round as Math.cos / Math.sin would make it round.
 */
export function fillNormal(
  out: Float32Array,
  seed: number,
  stream: number,
  offset = 0,
): Float32Array {
  assertCounterInteger(seed, 'the seed');
  assertCounterInteger(stream, 'the stream');
  assertCounterRange(offset, out.length, 'the normal draws');
  const n = out.length;
  const words = chunkWords;
  const pair = new Float64Array(2);
  const tables = angleTables();
  let block = Math.floor(offset / 4);
  let first = offset % 4;
  for (let j = 0; j < n; block += CHUNK_BLOCKS, first = 0) {
    const count = Math.min(CHUNK_BLOCKS, Math.ceil((first + n - j) / 4));
    philoxChunk(words, count, block, seed, stream);
    const stop = Math.min(4 * count, first + n - j);
    let w = first;
    if (w & 1) {
      // Starts on the sine of a pair (an odd offset).
      boxMuller(words[w - 1]!, words[w]!, pair);
      out[j++] = pair[1]!;
      w++;
    }
    for (; w + 1 < stop; w += 2) {
      guardedNormalPair(words[w]!, words[w + 1]!, tables, pair);
      out[j] = pair[0]!;
      out[j + 1] = pair[1]!;
      j += 2;
    }
    if (w < stop) {
      // Ends on the cosine of a pair.
      boxMuller(words[w]!, words[w + 1]!, pair);
      out[j++] = pair[0]!;
    }
  }
  return out;
}

/** A sequential view of one (seed, stream), drawing from the same counters as the fills. */
export interface Rng {
  /** The next uniform in [0, 1); consumes one word. */
  uniform(): number;
  /** The next standard normal (a float32 value); consumes a pair of words every second call. */
  normal(): number;
  /** An unbiased integer in [0, n) for an integer 1 ≤ n ≤ 2^32, by rejection on whole words. */
  int(n: number): number;
  /** The index of the next word to be read. */
  readonly position: number;
}

/**
 * A stateful generator on (seed, stream), starting at word `offset`. `uniform()` called n
 * times equals `fillUniform` of n elements at `offset`; `normal()` called n times equals
 * `fillNormal` of n elements at an even `offset`. See docs/rng.md for how mixed calls share words.
 */
export function createRng(seed: number, stream: number, offset = 0): Rng {
  assertCounterInteger(seed, 'the seed');
  assertCounterInteger(stream, 'the stream');
  assertCounterInteger(offset, 'the offset');
  const reader = new WordReader(seed, stream);
  const pair = new Float64Array(2);
  let position = offset;
  let spare: number | undefined;

  const nextWord = (): number => reader.word(position++);

  return {
    get position() {
      return position;
    },
    uniform: () => uniformFromWord(nextWord()),
    normal() {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      position += position % 2; // a pair starts on an even word, so it lies within one block
      const w1 = nextWord();
      const w2 = nextWord();
      boxMuller(w1, w2, pair);
      spare = pair[1]!;
      return pair[0]!;
    },
    int(n: number) {
      if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected an integer from 1 to 2^32 for the range of int(n) but received ${n}.`,
        );
      }
      // Accept only words below the largest multiple of n, so every residue is equally likely.
      const limit = Math.floor(TWO_POW_32 / n) * n;
      for (;;) {
        const w = nextWord();
        if (w < limit) return w % n;
      }
    },
  };
}
