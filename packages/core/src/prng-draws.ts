/**
 * Where the bulk fills (`fillUniform`, `fillNormal`) make their words and values: the
 * WebAssembly kernel of wasm/prng-wasm.ts when the runtime can run it, else the JavaScript of
 * prng-philox.ts and prng-sincos.ts. Both give the same values bit for bit (docs/rng.md), so
 * the choice changes only the speed; `setRandomEngine('js')` forces the JavaScript (a page whose
 * content security policy forbids WebAssembly, a comparison).
 */
import { type CounterAndKey, philoxBlocks } from './prng-philox.js';
import { angleTables, guardedNormalPair } from './prng-sincos.js';
import { checkEngineChoice, type WasmEngine } from './wasm/engine-choice.js';
import { loadWasmDraws, wasmDrawsUnavailable } from './wasm/prng-wasm.js';

/** Blocks a fill makes at a time. */
export const CHUNK_BLOCKS = 1024;

/** One way of making a chunk of words and turning them into values. */
export interface Draws {
  /** The chunk's words (4 per block); valid until the next `blocks` call. */
  readonly words: Uint32Array;
  /** Blocks (c0 + i, c1, c2, c3), i < count (c0 carrying into c1), under key (k0, k1). */
  blocks(count: number, ...counterAndKey: CounterAndKey): void;
  /** Uniforms of words[from .. from + count) into out[at ..]. */
  uniforms(from: number, count: number, out: Float32Array, at: number): void;
  /** Normal pairs of words[from .. from + 2·pairs) (from even) into out[at ..]. */
  normalPairs(from: number, pairs: number, out: Float32Array, at: number): void;
}

function jsDraws(): Draws {
  const words = new Uint32Array(4 * CHUNK_BLOCKS);
  const pair = new Float64Array(2);
  return {
    words,
    blocks: (count, c0, c1, c2, c3, k0, k1) => philoxBlocks(words, count, c0, c1, c2, c3, k0, k1),
    uniforms(from, count, out, at) {
      for (let w = from, stop = from + count; w < stop; w++) {
        out[at++] = (words[w]! >>> 8) * (1 / 16777216); // 2⁻²⁴
      }
    },
    normalPairs(from, pairs, out, at) {
      const tables = angleTables();
      for (let w = from, stop = from + 2 * pairs; w < stop; w += 2) {
        guardedNormalPair(words[w]!, words[w + 1]!, tables, pair);
        out[at++] = pair[0]!;
        out[at++] = pair[1]!;
      }
    },
  };
}

/** The engines a fill can use; 'auto' is WebAssembly where it runs, else JavaScript. */
export type RandomEngine = WasmEngine;

let chosen: RandomEngine = 'auto';
let js: Draws | undefined;

/**
 * Chooses where the seeded fills run. The values are the same either way; 'wasm' throws when
 * this runtime cannot compile the kernel (and says why).
 */
export function setRandomEngine(engine: RandomEngine): void {
  checkEngineChoice(engine, 'the random engine', () => !!loadWasmDraws(), wasmDrawsUnavailable);
  chosen = engine;
}

/** The engine the fills use now: 'wasm' or 'js'. */
export function randomEngine(): 'wasm' | 'js' {
  return chosen !== 'js' && loadWasmDraws() ? 'wasm' : 'js';
}

/** The engine for one fill. */
export function activeDraws(): Draws {
  const wasm = chosen === 'js' ? undefined : loadWasmDraws();
  if (wasm) return wasm;
  js ??= jsDraws();
  return js;
}
