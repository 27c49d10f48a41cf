import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import {
  createRng,
  fillNormal,
  fillUniform,
  mulhi32,
  normalPairFromWords,
  philox4x32,
  uniformFromWord,
} from './prng.js';
import { float32Bits, ulpDistance } from './testing/ulp.js';

/** Philox4x32-10 written again with BigInt, straight from the paper, as the naive reference. */
function naivePhilox(counter: readonly number[], key: readonly number[]): number[] {
  const mask = 0xffffffffn;
  let [c0, c1, c2, c3] = counter.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + 0x9e3779b9n) & mask;
      k1 = (k1 + 0xbb67ae85n) & mask;
    }
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & mask, (p0 >> 32n) ^ c3 ^ k1, p0 & mask];
  }
  return [c0, c1, c2, c3].map(Number);
}

const hex = (words: ArrayLike<number>) =>
  Array.from(words, (w) => w.toString(16).padStart(8, '0')).join(' ');

/** The raw word i of (seed, stream) from the documented layout, via the naive Philox. */
function naiveWord(seed: number, stream: number, i: number): number {
  const block = Math.floor(i / 4);
  const counter = [
    block % 2 ** 32,
    Math.floor(block / 2 ** 32),
    stream % 2 ** 32,
    Math.floor(stream / 2 ** 32),
  ];
  return naivePhilox(counter, [seed % 2 ** 32, Math.floor(seed / 2 ** 32)])[i % 4]!;
}

/** A small deterministic source of uint32 test inputs, independent of the code under test. */
function* lcgWords(seed: number, count: number): Generator<number> {
  let s = BigInt(seed);
  for (let i = 0; i < count; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    yield Number(s >> 32n);
  }
}

describe('philox4x32', () => {
  it('reproduces the Random123 known-answer vectors for Philox4x32-10', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const ones = 0xffffffff;
    expect(hex(philox4x32([ones, ones, ones, ones], [ones, ones]))).toBe(
      '408f276d 41c83b0e a20bc7c6 6d5451fd',
    );
    expect(
      hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])),
    ).toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('agrees with a BigInt Philox on arbitrary counters and keys', () => {
    const words = [...lcgWords(1, 6 * 200)];
    for (let i = 0; i < words.length; i += 6) {
      const counter = words.slice(i, i + 4) as [number, number, number, number];
      const key = words.slice(i + 4, i + 6) as [number, number];
      expect(hex(philox4x32(counter, key))).toBe(hex(naivePhilox(counter, key)));
    }
  });
});

describe('mulhi32', () => {
  it('is the exact high half of the 64-bit product, extremes included', () => {
    const cases = [
      0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0xd2511f53, 0xcd9e8d57,
    ];
    const words = [...cases, ...lcgWords(2, 400)];
    for (let i = 0; i < words.length; i++) {
      const a = words[i]!;
      const b = words[(i * 7 + 3) % words.length]!;
      expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
      expect(mulhi32(a, a)).toBe(Number((BigInt(a) * BigInt(a)) >> 32n));
    }
  });
});

describe('uniform draws', () => {
  it('take element i from lane i % 4 of block i / 4, keyed and countered as documented', () => {
    const cases: [number, number, number][] = [
      [42, 0, 0],
      [42, 7, 13],
      [2 ** 32 + 5, 3, 2],
      [Number.MAX_SAFE_INTEGER, 2 ** 40 + 9, 4 * 2 ** 32 + 1], // high key, stream and block words
      [0, Number.MAX_SAFE_INTEGER, 2 ** 50],
    ];
    for (const [seed, stream, offset] of cases) {
      const out = fillUniform(new Float32Array(9), seed, stream, offset);
      for (let j = 0; j < out.length; j++) {
        expect(out[j]).toBe((naiveWord(seed, stream, offset + j) >>> 8) / 2 ** 24);
      }
    }
  });

  it('do not depend on where a fill starts', () => {
    const whole = fillUniform(new Float32Array(40), 9, 4, 0);
    for (const start of [1, 3, 4, 17]) {
      expect(fillUniform(new Float32Array(40 - start), 9, 4, start)).toEqual(whole.subarray(start));
    }
  });

  it('change with every part of the key and counter', () => {
    const draw = (seed: number, stream: number, offset: number) =>
      fillUniform(new Float32Array(4), seed, stream, offset);
    const base = draw(1, 1, 0);
    expect(draw(1 + 2 ** 32, 1, 0)).not.toEqual(base); // high key word
    expect(draw(1, 1 + 2 ** 32, 0)).not.toEqual(base); // high stream word
    expect(draw(1, 1, 4 * 2 ** 32)).not.toEqual(base); // high block word
  });

  it('lie in [0, 1) with the moments of a uniform', () => {
    expect(uniformFromWord(0xffffffff)).toBe(1 - 2 ** -24);
    expect(uniformFromWord(0xff)).toBe(0);
    const u = fillUniform(new Float32Array(1 << 16), 3, 0);
    let sum = 0;
    let sq = 0;
    for (const v of u) {
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
      sq += v * v;
    }
    const mean = sum / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / u.length - mean * mean - 1 / 12)).toBeLessThan(0.003);
  });
});

describe('normal draws', () => {
  /** Box–Muller from the formula in docs/rng.md, with the naive words. */
  function naiveNormal(seed: number, stream: number, i: number): number {
    const pairStart = Math.floor(i / 2) * 2;
    const u1 = ((naiveWord(seed, stream, pairStart) >>> 8) + 1) / 2 ** 24;
    const u2 = (naiveWord(seed, stream, pairStart + 1) >>> 8) / 2 ** 24;
    const r = Math.sqrt(-2 * Math.log(u1));
    return Math.fround(
      i % 2 === 0 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2),
    );
  }

  it('pair words (4b, 4b + 1) and (4b + 2, 4b + 3): cos for even elements, sin for odd', () => {
    for (const [seed, stream, offset] of [
      [42, 0, 0],
      [5, 2 ** 33, 3],
      [2 ** 52, 1, 2 ** 45 + 2],
    ] as const) {
      const out = fillNormal(new Float32Array(11), seed, stream, offset);
      for (let j = 0; j < out.length; j++)
        expect(out[j]).toBe(naiveNormal(seed, stream, offset + j));
    }
  });

  it('never take the logarithm of zero and give 0 at u1 = 1', () => {
    const [far, zero] = normalPairFromWords(0x000000ff, 0); // u1 = 2^-24, θ = 0
    expect(far).toBe(Math.fround(Math.sqrt(48 * Math.LN2)));
    expect(zero).toBe(0);
    // u1 = 1: r = sqrt(-2·log 1) = sqrt(-0), a zero (negative in IEEE arithmetic, in C too).
    expect(normalPairFromWords(0xffffffff, 0x12345678).map(Math.abs)).toEqual([0, 0]);
  });

  it('do not depend on where a fill starts', () => {
    const whole = fillNormal(new Float32Array(30), 11, 2, 0);
    for (const start of [1, 2, 3, 5]) {
      expect(fillNormal(new Float32Array(30 - start), 11, 2, start)).toEqual(whole.subarray(start));
    }
  });

  it('have the moments of a standard normal', () => {
    const z = fillNormal(new Float32Array(1 << 16), 4, 1);
    let sum = 0;
    let sq = 0;
    for (const v of z) {
      sum += v;
      sq += v * v;
    }
    expect(Math.abs(sum / z.length)).toBeLessThan(0.02);
    expect(Math.abs(sq / z.length - 1)).toBeLessThan(0.03);
  });
});

describe('the bulk fills against the BigInt reference', () => {
  /** Words offset .. offset + count - 1 of (seed, stream), one BigInt Philox per block. */
  function naiveWords(seed: number, stream: number, offset: number, count: number): number[] {
    const words: number[] = [];
    let block = -1;
    let lanes: number[] = [];
    for (let i = offset; i < offset + count; i++) {
      if (Math.floor(i / 4) !== block) {
        block = Math.floor(i / 4);
        lanes = naivePhilox(
          [
            block % 2 ** 32,
            Math.floor(block / 2 ** 32),
            stream % 2 ** 32,
            Math.floor(stream / 2 ** 32),
          ],
          [seed % 2 ** 32, Math.floor(seed / 2 ** 32)],
        );
      }
      words.push(lanes[i % 4]!);
    }
    return words;
  }

  /** Normal element offset + j from the words of its pair, by the formula of docs/rng.md. */
  function formulaNormals(seed: number, stream: number, offset: number, count: number): number[] {
    const first = offset - (offset % 2);
    const words = naiveWords(seed, stream, first, offset + count - first + ((offset + count) % 2));
    return Array.from({ length: count }, (_, j) => {
      const i = offset + j;
      const p = i - (i % 2) - first;
      const r = Math.sqrt(-2 * Math.log(((words[p]! >>> 8) + 1) / 2 ** 24));
      const theta = 2 * Math.PI * ((words[p + 1]! >>> 8) / 2 ** 24);
      return Math.fround(i % 2 === 0 ? r * Math.cos(theta) : r * Math.sin(theta));
    });
  }

  // Offsets of every residue mod 4, lengths of every parity, fills across the 4096-word chunks
  // of the fills, and block counters across 2^32 (the carry into the counter's second word).
  const cases: [number, number, number, number][] = [
    [42, 0, 0, 1],
    [42, 0, 1, 1],
    [42, 0, 2, 3],
    [42, 0, 3, 2],
    [7, 3, 5, 4096],
    [7, 3, 4093, 4100],
    [7, 3, 1, 8195],
    [2 ** 32 + 5, 2 ** 33 + 1, 4 * (2 ** 32 - 2) + 1, 37],
    [9, 9, 4 * (2 ** 32 - 1) + 3, 6],
    [9, 9, 4 * (2 ** 33 - 1000) - 1, 4099],
    [Number.MAX_SAFE_INTEGER, 2 ** 40 + 9, 2 ** 52 + 3, 21],
    [0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 10, 11],
  ];
  const words = [...lcgWords(3, 60)];
  for (let i = 0; i < words.length; i += 3) {
    cases.push([words[i]! * 2 ** 10, words[i + 1]! % 5, words[i + 2]! * 3, 1 + (words[i]! % 300)]);
  }

  it('give the uniforms of the BigInt words, bit for bit', () => {
    for (const [seed, stream, offset, count] of cases) {
      const u = fillUniform(new Float32Array(count), seed, stream, offset);
      const expected = naiveWords(seed, stream, offset, count).map((w) => (w >>> 8) / 2 ** 24);
      expect(Array.from(u)).toEqual(expected);
    }
  });

  it("give the normals of the BigInt words and the formula's Math.cos / Math.sin, bit for bit", () => {
    for (const [seed, stream, offset, count] of cases) {
      const z = fillNormal(new Float32Array(count), seed, stream, offset);
      const expected = formulaNormals(seed, stream, offset, count);
      expect(hex(Array.from(z, float32Bits))).toBe(hex(expected.map(float32Bits)));
    }
  });

  it('give the formula on 2^20 normals of the fast Philox (the guard and its fallback)', () => {
    const count = 2 ** 20;
    const z = fillNormal(new Float32Array(count), 123456789012345, 2 ** 53 - 1, 4294967299);
    let differ = 0;
    for (let p = 0; p < count / 4; p++) {
      // Elements 4294967299 + 4p + e: from block (4294967296 + 4p) / 4 + 1, lane e + 3 - 4.
      const block = 1073741824 + p;
      const w = philox4x32(
        [block, 0, 2 ** 32 - 1, 2 ** 21 - 1],
        [123456789012345 % 2 ** 32, Math.floor(123456789012345 / 2 ** 32)],
      );
      const next = philox4x32(
        [block + 1, 0, 2 ** 32 - 1, 2 ** 21 - 1],
        [123456789012345 % 2 ** 32, Math.floor(123456789012345 / 2 ** 32)],
      );
      const [, s0] = normalPairFromWords(w[2]!, w[3]!);
      const [c1, s1] = normalPairFromWords(next[0]!, next[1]!);
      const [c2] = normalPairFromWords(next[2]!, next[3]!);
      const expected = [s0, c1, s1, c2];
      for (let e = 0; e < 4; e++)
        if (float32Bits(z[4 * p + e]!) !== float32Bits(expected[e]!)) differ++;
    }
    expect(differ).toBe(0);
  });
});

describe('the test vectors of docs/rng.md', () => {
  const vectors = {
    0: {
      words: '9ceaf053 77f5493b 12bf50ad 5742b3d7 fcdb2127 53ba6cfd 838f5a6e 744e06fb',
      uniforms: [
        0.6129598617553711, 0.4685865044593811, 0.07323169708251953, 0.3408614993095398,
        0.9877186417579651, 0.32706332206726074, 0.5139061212539673, 0.45431554317474365,
      ],
      normalBits: 'bf785e5a 3e46acec bf9e28cc 3ff6433e bd95e015 3e0e79fe bf8da732 3ea7430a',
    },
    7: {
      words: '67ee6f2c e55410cc 6c7eca35 557398d3 e5dde940 600f6196 8fcdf8f1 2c8ed839',
      uniforms: [
        0.40598195791244507, 0.8958139419555664, 0.42380964756011963, 0.33379507064819336,
        0.8979173302650452, 0.3752346634864807, 0.5617365837097168, 0.17405462265014648,
      ],
      normalBits: '3f8856db bf514951 bf28902e 3f9101c0 bea8419b 3ea7c2c6 3efc8bde 3f743a50',
    },
  } as const;

  for (const [stream, v] of Object.entries(vectors)) {
    it(`seed 42, stream ${stream}`, () => {
      const s = Number(stream);
      const words = [...philox4x32([0, 0, s, 0], [42, 0]), ...philox4x32([1, 0, s, 0], [42, 0])];
      expect(hex(words)).toBe(v.words);
      expect(Array.from(fillUniform(new Float32Array(8), 42, s))).toEqual(v.uniforms);
      const normals = fillNormal(new Float32Array(8), 42, s);
      const expected = v.normalBits
        .split(' ')
        .map((h) => new Float32Array(new Uint32Array([parseInt(h, 16)]).buffer)[0]!);
      // The contract allows 2 ulp (libm differs); V8 and glibc both give these exact bits.
      for (const [j, z] of normals.entries())
        expect(ulpDistance(z, expected[j]!)).toBeLessThanOrEqual(2);
      expect(hex(Array.from(normals, float32Bits))).toBe(v.normalBits);
    });
  }
});

describe('the high-word vector of docs/rng.md', () => {
  it('seed 2^53 − 1, stream 2^40 + 3, elements 2^34 + 1 .. 2^34 + 4', () => {
    const [seed, stream, offset] = [Number.MAX_SAFE_INTEGER, 2 ** 40 + 3, 2 ** 34 + 1];
    const u = fillUniform(new Float32Array(4), seed, stream, offset);
    expect(Array.from(u)).toEqual([
      0.8589810729026794, 0.10523062944412231, 0.8891462087631226, 0.7017368078231812,
    ]);
    const z = fillNormal(new Float32Array(4), seed, stream, offset);
    expect(hex(Array.from(z, float32Bits))).toBe('bfb33ac9 3fd05bf8 bfae42ca 3f4d1f6b');
  });
});

describe('createRng', () => {
  it('draws the same uniforms and normals as the fills', () => {
    const u = createRng(42, 7);
    expect(Array.from({ length: 10 }, () => u.uniform())).toEqual(
      Array.from(fillUniform(new Float32Array(10), 42, 7)),
    );
    const z = createRng(42, 7, 6);
    expect(Array.from({ length: 9 }, () => z.normal())).toEqual(
      Array.from(fillNormal(new Float32Array(9), 42, 7, 6)),
    );
  });

  it('shares one word cursor between mixed calls, starting normal pairs on even words', () => {
    const rng = createRng(3, 1);
    const words = fillUniform(new Float32Array(8), 3, 1);
    const normals = fillNormal(new Float32Array(8), 3, 1);
    expect(rng.uniform()).toBe(words[0]); // word 0
    expect(rng.normal()).toBe(normals[2]); // skips word 1, pair (2, 3)
    expect(rng.position).toBe(4);
    expect(rng.uniform()).toBe(words[4]); // the spare normal does not consume a word
    expect(rng.normal()).toBe(normals[3]); // the spare
    expect(rng.normal()).toBe(normals[6]); // word 5 skipped, pair (6, 7)
  });

  it('int(n) is the first word below the largest multiple of n, modulo n', () => {
    for (const n of [1, 3, 10, 2 ** 31 + 1, 2 ** 32]) {
      const rng = createRng(8, 2);
      const limit = Math.floor(2 ** 32 / n) * n;
      let i = 0;
      for (let draw = 0; draw < 20; draw++) {
        while (naiveWord(8, 2, i) >= limit) i++;
        expect(rng.int(n)).toBe(naiveWord(8, 2, i) % n);
        i++;
        expect(rng.position).toBe(i);
      }
    }
  });

  it('int(n) rejects words at or above the limit', () => {
    // For n = 2^31 + 1 about half the words are rejected, so 20 draws must skip some.
    const rng = createRng(8, 2);
    for (let d = 0; d < 20; d++) rng.int(2 ** 31 + 1);
    expect(rng.position).toBeGreaterThan(20);
  });
});

describe('argument checks', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (XaiError.isInstance(e)) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'no error';
  };

  it('reject seeds, streams and offsets that are not non-negative safe integers', () => {
    const out = new Float32Array(2);
    for (const bad of [-1, 1.5, 2 ** 53, Number.NaN, '1' as unknown as number]) {
      expect(code(() => fillUniform(out, bad, 0))).toMatch(
        /^INVALID_ARGUMENT: Expected a non-negative safe integer .* for the seed but received/,
      );
      expect(code(() => fillNormal(out, 0, bad))).toMatch(/^INVALID_ARGUMENT: .* for the stream /);
      expect(code(() => fillUniform(out, 0, 0, bad))).toMatch(
        /^INVALID_ARGUMENT: .* for the offset /,
      );
      expect(code(() => createRng(bad, 0))).toMatch(/^INVALID_ARGUMENT/);
    }
  });

  it('reject fills that run past 2^53 - 1', () => {
    expect(code(() => fillUniform(new Float32Array(1), 0, 0, Number.MAX_SAFE_INTEGER))).toBe(
      'no error',
    );
    expect(code(() => fillUniform(new Float32Array(2), 0, 0, Number.MAX_SAFE_INTEGER))).toMatch(
      /^INVALID_ARGUMENT: Expected the last element/,
    );
  });

  it('reject int(n) outside 1..2^32', () => {
    const rng = createRng(0, 0);
    for (const bad of [0, -3, 2.5, 2 ** 32 + 1, Number.NaN]) {
      expect(code(() => rng.int(bad))).toMatch(
        /^INVALID_ARGUMENT: Expected an integer from 1 to 2\^32/,
      );
    }
  });
});
