/**
 * The WebAssembly kernel of the JS kernels' perturbation blend (blend.wat): four values at a
 * time in SIMD lanes, the same float64 operations as the JavaScript, so the same bits;
 * upsample's two passes; and RISE's score-weighted mask sums (weighted-mask-sums.ts). RISE's
 * 500 masked copies of a 28×28 image in 0.31 ms against the JavaScript's 1.19
 * (docs/benchmarks/blend-loops.md). Compiled synchronously on first use (the module is about
 * 3 KB); where WebAssembly, its SIMD or its compilation is unavailable, these loops stay in
 * JavaScript (and `setBlendEngine('js')` keeps them there).
 */
import { BLEND_WASM_BASE64 } from './blend-bytes.js';
import { checkEngineChoice, type WasmEngine } from './engine-choice.js';
import { decodeBase64, wasmOnce } from './wasm-api.js';

/** What blend.wat exports. */
export interface BlendExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  /** Flags of `count` float32 values at byte `ptr`: 1 a NaN or ±∞, 2 a −0. */
  scan(ptr: number, count: number): number;
  blend(
    masks: number,
    rows: number,
    plane: number,
    channels: number,
    d: number,
    b: number,
    bScalar: number,
    sigma: number,
    z: number,
    out: number,
  ): void;
  noisyRows(
    masks: number,
    rows: number,
    size: number,
    d: number,
    b: number,
    sigma: number,
    z: number,
    out: number,
  ): void;
  /** sum[p] += w[i]·m[i·plane + p] over count masks (float32), weights and sums float64. */
  weightedSums(m: number, count: number, plane: number, w: number, sum: number): void;
  upsample(
    src: number,
    count: number,
    h: number,
    w: number,
    H: number,
    W: number,
    xlo: number,
    xhi: number,
    xFrac: number,
    xOneMinusFrac: number,
    ylo: number,
    yhi: number,
    yFrac: number,
    yOneMinusFrac: number,
    rows: number,
    out: number,
  ): void;
}

const kernel = wasmOnce(
  (wasm) =>
    new wasm.Instance(new wasm.Module(decodeBase64(BLEND_WASM_BASE64)), {})
      .exports as unknown as BlendExports,
);
let chosen: WasmEngine = 'auto';

/** The blend kernel, made on the first call; undefined where it cannot run or 'js' is chosen. */
export function loadWasmBlend(): BlendExports | undefined {
  return chosen === 'js' ? undefined : kernel.get();
}

/**
 * Chooses where the JS kernels' `perturb` and `upsample` loops, and `addWeightedMaskSets`,
 * run. The values are the same either way; 'wasm' throws when this runtime cannot compile the
 * kernel (and says why).
 */
export function setBlendEngine(engine: WasmEngine): void {
  checkEngineChoice(engine, 'the blend engine', () => !!kernel.get(), kernel.why);
  chosen = engine;
}

/** The engine `perturb` and `upsample` use now: 'wasm' or 'js'. */
export function blendEngine(): 'wasm' | 'js' {
  return loadWasmBlend() ? 'wasm' : 'js';
}

/** Grows the kernel's memory to hold at least `bytes`; its buffer changes when it grows. */
export function reserveBlendMemory(exports: BlendExports, bytes: number): ArrayBuffer {
  const pages = Math.ceil(bytes / 65536) - exports.memory.buffer.byteLength / 65536;
  if (pages > 0) exports.memory.grow(pages);
  return exports.memory.buffer;
}
