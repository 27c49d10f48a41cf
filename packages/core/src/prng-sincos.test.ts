import { describe, expect, it } from 'vitest';
import {
  extremeRadiusPairs,
  formulaPair,
  nearAxisPairs,
  xorshift32,
} from '../test/helpers/box-muller.js';
import {
  angleTables,
  approxSinCos,
  guardedNormalPair,
  NORMAL_GUARD,
  SINCOS_ERROR,
} from './prng-sincos.js';
import { float32Bits as bits } from './testing/ulp.js';

describe('the Box–Muller angle tables', () => {
  it(`are within ${SINCOS_ERROR} of Math.cos and Math.sin at every one of the 2^24 angles`, () => {
    const table = angleTables();
    const out = new Float64Array(2);
    let worstCos = 0;
    let worstSin = 0;
    for (let k = 0; k < 2 ** 24; k++) {
      approxSinCos(k, table, out);
      const theta = 2 * Math.PI * (k / 2 ** 24);
      worstCos = Math.max(worstCos, Math.abs(out[0]! - Math.cos(theta)));
      worstSin = Math.max(worstSin, Math.abs(out[1]! - Math.sin(theta)));
    }
    expect(worstCos).toBeLessThanOrEqual(SINCOS_ERROR);
    expect(worstSin).toBeLessThanOrEqual(SINCOS_ERROR);
    // r < 5.78, so the products differ by less than the guard, with room for a libm 1 ulp off.
    expect(5.78 * SINCOS_ERROR + 4 * 5.78 * 2 ** -52).toBeLessThan(NORMAL_GUARD / 10);
  });
});

describe('guardedNormalPair', () => {
  const table = angleTables();
  const out = new Float64Array(2);
  const expectFormula = (w1: number, w2: number) => {
    guardedNormalPair(w1, w2, table, out);
    const [c, s] = formulaPair(w1, w2);
    expect([bits(out[0]!), bits(out[1]!)]).toEqual([bits(c), bits(s)]);
  };

  it('gives the bits of the formula on 2^20 pairs of arbitrary words, falling back near ties', () => {
    const next = xorshift32(0x9e3779b9);
    let differ = 0;
    let fallbacks = 0;
    const approx = new Float64Array(2);
    for (let i = 0; i < 2 ** 20; i++) {
      const [w1, w2] = [next(), next()];
      guardedNormalPair(w1, w2, table, out);
      const [c, s] = formulaPair(w1, w2);
      if (bits(out[0]!) !== bits(c) || bits(out[1]!) !== bits(s)) differ++;
      // Count the values whose table value the guard rejects, so both paths are seen to run.
      const r = Math.sqrt(-2 * Math.log(((w1 >>> 8) + 1) / 2 ** 24));
      approxSinCos(w2 >>> 8, table, approx);
      for (const v of approx) {
        if (Math.fround(r * v - NORMAL_GUARD) !== Math.fround(r * v + NORMAL_GUARD)) fallbacks++;
      }
    }
    expect(differ).toBe(0);
    expect(fallbacks).toBeGreaterThan(100);
  });

  it('gives the signed zeros of the formula at r = 0 (u1 = 1) and the extremes at u1 = 2^-24', () => {
    for (const [w1, w2] of extremeRadiusPairs()) expectFormula(w1, w2);
  });

  it('gives the formula where cos or sin is near 0 (θ near π/2, π, 3π/2)', () => {
    for (const [w1, w2] of nearAxisPairs()) expectFormula(w1, w2);
  });
});
