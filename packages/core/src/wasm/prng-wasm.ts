/**
 * The WebAssembly kernel of the seeded fills (prng.wat): Philox eight blocks at a time (two
 * groups of four SIMD lanes) and Box–Muller without a Math.log per pair: SmoothGrad's 313,600
 * normals in 1.33 ms against the JavaScript's 5.77 (docs/benchmarks/random-draws.md). Compiled
 * synchronously on the first fill (the module is under 4 KB, within what browsers allow on the
 * main thread); where WebAssembly, its SIMD or its compilation is unavailable, the fills stay
 * in JavaScript.
 */
import type { Draws } from '../prng-draws.js';
import type { CounterAndKey } from '../prng-philox.js';
import { angleTables, NORMAL_GUARD } from '../prng-sincos.js';
import { PRNG_WASM_BASE64 } from './prng-bytes.js';
import { decodeBase64, type WasmApi, wasmOnce } from './wasm-api.js';

/** Byte offsets of prng.wat's memory layout. */
const WORDS_AT = 0;
const OUT_AT = 16384;
const COS_AT = 32768;
const SIN_AT = 65536;
const LOG_AT = 98304;
const INVERSE_AT = 147456;
/**
 * How far prng.wat's radius may lie from √(−2·Math.log(u1)); the test measures all 2^24 values
 * (8.9e-16 at most). With the angle tables' error it stays far inside NORMAL_GUARD, so a value
 * the guard keeps rounds as the formula's does.
 */
export const RADIUS_ERROR = 1e-14;
/** Entries of the radius table: j = round(F / 4096) for F < 2^24.5 (prng.wat's `radius`). */
const RADIUS_ENTRIES = 5794;

/** What prng.wat exports. */
export interface PrngExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly fallbacks: { readonly value: number };
  philox(out: number, count: number, ...counterAndKey: CounterAndKey): void;
  uniforms(words: number, count: number, out: number): void;
  normals(words: number, pairs: number, out: number): void;
  radius(m: number): number;
}

function instantiate(wasm: WasmApi): PrngExports {
  const f64 = (value: number) => new wasm.Global({ value: 'f64', mutable: false }, value);
  const module = new wasm.Module(decodeBase64(PRNG_WASM_BASE64));
  const instance = new wasm.Instance(module, {
    // Math's own functions: the exact path calls what the JavaScript path calls.
    math: { log: Math.log, cos: Math.cos, sin: Math.sin },
    k: {
      inv3: f64(1 / 3),
      inv5: f64(1 / 5),
      inv6: f64(1 / 6),
      inv24: f64(1 / 24),
      inv120: f64(1 / 120),
      ln2: f64(Math.LN2),
      twoPi: f64(2 * Math.PI),
      guard: f64(NORMAL_GUARD),
    },
  });
  const exports = instance.exports as unknown as PrngExports;
  const buffer = exports.memory.buffer;
  const tables = angleTables();
  new Float64Array(buffer, COS_AT, 4096).set(tables.cos);
  new Float64Array(buffer, SIN_AT, 4096).set(tables.sin);
  const logs = new Float64Array(buffer, LOG_AT, RADIUS_ENTRIES);
  const inverses = new Float64Array(buffer, INVERSE_AT, RADIUS_ENTRIES);
  for (let j = 1; j < RADIUS_ENTRIES; j++) {
    logs[j] = Math.log(j / 4096); // ln(c·2⁻²⁴), c = 4096·j
    inverses[j] = 1 / (j * 4096);
  }
  return exports;
}

function drawsOf(exports: PrngExports): Draws {
  const buffer = exports.memory.buffer;
  const words = new Uint32Array(buffer, WORDS_AT, 4096);
  const out = new Float32Array(buffer, OUT_AT, 4096);
  return {
    words,
    blocks: (count, c0, c1, c2, c3, k0, k1) =>
      exports.philox(WORDS_AT, count, c0, c1, c2, c3, k0, k1),
    uniforms(from, count, target, at) {
      exports.uniforms(WORDS_AT + 4 * from, count, OUT_AT);
      target.set(out.subarray(0, count), at);
    },
    normalPairs(from, pairs, target, at) {
      exports.normals(WORDS_AT + 4 * from, pairs, OUT_AT);
      target.set(out.subarray(0, 2 * pairs), at);
    },
  };
}

const kernel = wasmOnce((wasm) => {
  const exports = instantiate(wasm);
  return { draws: drawsOf(exports), exports };
});

/** The WebAssembly draws, made on the first call; undefined where they cannot run. */
export function loadWasmDraws(): Draws | undefined {
  return kernel.get()?.draws;
}

/** Why loadWasmDraws returned undefined (empty when it did not). */
export function wasmDrawsUnavailable(): string {
  return kernel.why();
}

/** The kernel's exports, for the tests that check its parts; undefined where it cannot run. */
export function wasmPrngExports(): PrngExports | undefined {
  return kernel.get()?.exports;
}
