/**
 * Box–Muller as docs/rng.md writes it, and the word pairs where its fast forms are most likely
 * to slip: shared by the tests of the JavaScript pairs (prng-sincos.test.ts) and of the
 * WebAssembly ones (wasm/prng-wasm.test.ts).
 */

/** The two float32 normals of the words (w1, w2), straight from the formula with Math's functions. */
export function formulaPair(w1: number, w2: number): [number, number] {
  const u1 = ((w1 >>> 8) + 1) / 2 ** 24;
  const u2 = (w2 >>> 8) / 2 ** 24;
  const r = Math.sqrt(-2 * Math.log(u1));
  return [Math.fround(r * Math.cos(2 * Math.PI * u2)), Math.fround(r * Math.sin(2 * Math.PI * u2))];
}

/** xorshift32 from `seed`: words from a source independent of the code under test. */
export function xorshift32(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** Word pairs at r = 0 (u1 = 1, signed zeros) and at u1 = 2^-24 (the extremes). */
export function extremeRadiusPairs(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const w2 of [0, 0xff, 0x40000000, 0x80000000, 0xc0000000, 0xffffffff, 0x12345678])
    pairs.push([0xffffffff, w2]);
  for (const w2 of [0, 0x40000000, 0x80000000, 0xc0000000, 0xffffff00]) pairs.push([0xff, w2]);
  return pairs;
}

/** Word pairs whose angle lies within 3 steps of π/2, π and 3π/2, where cos or sin is near 0. */
export function nearAxisPairs(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const k of [2 ** 22, 2 ** 23, 3 * 2 ** 22]) {
    for (let dk = -3; dk <= 3; dk++) {
      for (const w1 of [0, 0x7fffffff, 0xfffffe00]) pairs.push([w1, ((k + dk) << 8) >>> 0]);
    }
  }
  return pairs;
}
