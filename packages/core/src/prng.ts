/**
 * Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011; the Random123 generator that cuRAND and JAX use).
 *
 * A draw is a pure function of (seed, stream, index), so the JS, C++ and CUDA kernels produce
 * the very same numbers in any order and on any number of threads. The exact layout of key and
 * counter, and how words become uniforms and normals, is specified in docs/rng.md. The block
 * function is prng-philox.ts; the bulk fills run where prng-draws.ts says (WebAssembly or not).
 */
import { XaiError } from './errors.js';
import { activeDraws, CHUNK_BLOCKS, type Draws } from './prng-draws.js';
import { philoxInto } from './prng-philox.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
/** Doubling Math.PI is exact, so this is the float64 nearest 2π, as `2.0 * M_PI` is in C. */
const TWO_PI = 2 * Math.PI;

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
  const draws = activeDraws();
  let block = Math.floor(offset / 4);
  let first = offset % 4; // the first word of the chunk that is an element of `out`
  for (let j = 0; j < n; block += CHUNK_BLOCKS, first = 0) {
    const count = Math.min(CHUNK_BLOCKS, Math.ceil((first + n - j) / 4));
    chunk(draws, count, block, seed, stream);
    const stop = Math.min(4 * count, first + n - j);
    draws.uniforms(first, stop - first, out, j);
    j += stop - first;
  }
  return out;
}

/** Blocks `block .. block + count - 1` of (seed, stream) into `draws.words`, as docs/rng.md lays them out. */
function chunk(draws: Draws, count: number, block: number, seed: number, stream: number): void {
  draws.blocks(
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
 * give 4b + 2 (cos) and 4b + 3 (sin). Whole pairs take cos θ and sin θ from tables, each value
 * checked to round as the formula's would (prng-sincos.ts, wasm/prng.wat).
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
  const draws = activeDraws();
  const words = draws.words;
  const pair = new Float64Array(2);
  let block = Math.floor(offset / 4);
  let first = offset % 4;
  for (let j = 0; j < n; block += CHUNK_BLOCKS, first = 0) {
    const count = Math.min(CHUNK_BLOCKS, Math.ceil((first + n - j) / 4));
    chunk(draws, count, block, seed, stream);
    const stop = Math.min(4 * count, first + n - j);
    let w = first;
    if (w & 1) {
      // Starts on the sine of a pair (an odd offset).
      boxMuller(words[w - 1]!, words[w]!, pair);
      out[j++] = pair[1]!;
      w++;
    }
    const pairs = (stop - w) >> 1;
    draws.normalPairs(w, pairs, out, j);
    j += 2 * pairs;
    w += 2 * pairs;
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

export { mulhi32, philox4x32, philoxBlocks, philoxInto } from './prng-philox.js';
