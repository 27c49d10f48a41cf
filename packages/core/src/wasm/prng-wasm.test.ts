import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  extremeRadiusPairs,
  formulaPair,
  nearAxisPairs,
  xorshift32,
} from '../../test/helpers/box-muller.js';
import { XaiError } from '../errors.js';
import { fillNormal, fillUniform } from '../prng.js';
import { randomEngine, setRandomEngine } from '../prng-draws.js';
import { philoxBlocks } from '../prng-philox.js';
import { NORMAL_GUARD, SINCOS_ERROR } from '../prng-sincos.js';
import { float32Bits as bits } from '../testing/ulp.js';
import { RADIUS_ERROR, wasmPrngExports } from './prng-wasm.js';

const kernel = () => {
  const exports = wasmPrngExports();
  if (!exports) throw new Error('the WebAssembly kernel did not load in Node');
  return exports;
};

afterEach(() => setRandomEngine('auto'));

describe('the WebAssembly random kernel', () => {
  it('loads in Node and is what the fills use by default', () => {
    expect(randomEngine()).toBe('wasm');
    setRandomEngine('js');
    expect(randomEngine()).toBe('js');
  });

  it("makes the JavaScript's Philox blocks: four lanes at a time, the rest one by one, carries", () => {
    const exports = kernel();
    const words = new Uint32Array(exports.memory.buffer, 0, 4096);
    const next = xorshift32(0x2545f491);
    const expected = new Uint32Array(4096);
    // Counts that leave 0-3 blocks to the scalar loop; c0 near 2^32 so lanes and blocks carry.
    for (const count of [1, 2, 3, 4, 5, 7, 8, 1023, 1024]) {
      for (const c0 of [0, 1, 0xfffffffc, 0xfffffffe, 0xffffffff - count, next()]) {
        const key = [next(), next() >>> 11] as const;
        const counter = [c0, next(), next(), next() >>> 11] as const;
        philoxBlocks(expected, count, ...counter, ...key);
        exports.philox(0, count, ...counter, ...key);
        expect(Array.from(words.subarray(0, 4 * count))).toEqual(
          Array.from(expected.subarray(0, 4 * count)),
        );
      }
    }
  });

  it(`has Box–Muller's radius within ${RADIUS_ERROR} of Math's at every one of the 2^24 values of u1`, () => {
    const { radius } = kernel();
    let worst = 0;
    for (let m = 1; m <= 2 ** 24; m++) {
      worst = Math.max(worst, Math.abs(radius(m) - Math.sqrt(-2 * Math.log(m / 2 ** 24))));
    }
    expect(worst).toBeLessThanOrEqual(RADIUS_ERROR);
    expect(radius(2 ** 24)).toBe(-0); // u1 = 1: the formula's √(−2·0) is −0, the sign kept
    // The radius's error and the angle tables' (r < 5.78) stay well inside the guard.
    expect(RADIUS_ERROR + 5.78 * SINCOS_ERROR + 4 * 5.78 * 2 ** -52).toBeLessThan(
      NORMAL_GUARD / 10,
    );
  });

  it("gives the formula's bits on 2^20 pairs of arbitrary words, taking the exact path near ties", () => {
    const exports = kernel();
    const pairs = 2048;
    const words = new Uint32Array(exports.memory.buffer, 0, 2 * pairs);
    const out = new Float32Array(exports.memory.buffer, 16384, 2 * pairs);
    const next = xorshift32(0x9e3779b9);
    const fallbacksBefore = exports.fallbacks.value;
    let differ = 0;
    for (let round = 0; round < 2 ** 20 / pairs; round++) {
      for (let i = 0; i < 2 * pairs; i++) words[i] = next();
      exports.normals(0, pairs, 16384);
      for (let p = 0; p < pairs; p++) {
        const [c, s] = formulaPair(words[2 * p]!, words[2 * p + 1]!);
        if (bits(out[2 * p]!) !== bits(c) || bits(out[2 * p + 1]!) !== bits(s)) differ++;
      }
    }
    expect(differ).toBe(0);
    expect(exports.fallbacks.value - fallbacksBefore).toBeGreaterThan(100);
  });

  it('gives the signed zeros at u1 = 1 and the extremes at u1 = 2^-24, and θ near π/2, π, 3π/2', () => {
    const exports = kernel();
    const words = new Uint32Array(exports.memory.buffer, 0, 2);
    const out = new Float32Array(exports.memory.buffer, 16384, 2);
    for (const [w1, w2] of [...extremeRadiusPairs(), ...nearAxisPairs()]) {
      words[0] = w1;
      words[1] = w2;
      exports.normals(0, 1, 16384);
      const [c, s] = formulaPair(w1, w2);
      expect([bits(out[0]!), bits(out[1]!)]).toEqual([bits(c), bits(s)]);
    }
  });

  it('fills the same values as the JavaScript engine, at any offset, length and counter', () => {
    const lengths = [1, 2, 3, 5, 8, 4095, 4096, 4097, 8195, 20000];
    const offsets = [0, 1, 2, 3, 4, 7, 4093, 2 ** 33 + 1, 4 * (2 ** 32 - 3), 2 ** 53 - 30000];
    const seeds = [0, 1, 2 ** 40 + 7, 2 ** 53 - 1];
    let compared = 0;
    for (const [i, n] of lengths.entries()) {
      for (const [o, offset] of offsets.entries()) {
        const seed = seeds[(i + o) % seeds.length]!;
        const stream = (i * 31 + o) * 2 ** 20;
        for (const fill of [fillNormal, fillUniform]) {
          setRandomEngine('js');
          const expected = fill(new Float32Array(n), seed, stream, offset);
          setRandomEngine('wasm');
          const actual = fill(new Float32Array(n), seed, stream, offset);
          expect(Array.from(actual, bits)).toEqual(Array.from(expected, bits));
          compared += n;
        }
      }
    }
    expect(compared).toBeGreaterThan(500000);
  });

  it('rejects a misspelt engine, naming the choices', () => {
    expect(() => setRandomEngine('wsam' as never)).toThrow(XaiError);
    expect(() => setRandomEngine('wsam' as never)).toThrow(/'auto', 'wasm' or 'js'.*wsam/);
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('fills in JavaScript, and asking for the WebAssembly engine says why it cannot run', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const prng = await import('../prng.js');
    const draws = await import('../prng-draws.js');
    expect(draws.randomEngine()).toBe('js');
    const expected = fillNormal(new Float32Array(999), 5, 6, 3);
    expect(Array.from(prng.fillNormal(new Float32Array(999), 5, 6, 3), bits)).toEqual(
      Array.from(expected, bits),
    );
    expect(() => draws.setRandomEngine('wasm')).toThrow(/no WebAssembly.*'js' or 'auto'/);
  });
});
