/**
 * Where a family of the JS kernels' loops runs: 'wasm' (a WebAssembly module), 'js' (plain
 * JavaScript) or 'auto' (WebAssembly where the runtime can compile it). Both give the same
 * values; the choice is for speed, for a comparison, or for a runtime that forbids
 * WebAssembly.
 */
import { XaiError } from '../errors.js';

export type WasmEngine = 'auto' | 'wasm' | 'js';
const ENGINES: readonly WasmEngine[] = ['auto', 'wasm', 'js'];

/**
 * Checks a choice of engine for `what` ("the random engine"): INVALID_ARGUMENT naming the
 * choices when misspelt, BACKEND_UNAVAILABLE with `why()` when 'wasm' cannot run here.
 */
export function checkEngineChoice(
  engine: WasmEngine,
  what: string,
  loads: () => boolean,
  why: () => string,
): void {
  if (!ENGINES.includes(engine)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected 'auto', 'wasm' or 'js' for ${what} but received ${String(engine)}.`,
    );
  }
  if (engine === 'wasm' && !loads()) {
    throw new XaiError(
      'BACKEND_UNAVAILABLE',
      `The WebAssembly ${what.replace(/^the /, '')} cannot run here (${why()}); use 'js' or 'auto'.`,
    );
  }
}
