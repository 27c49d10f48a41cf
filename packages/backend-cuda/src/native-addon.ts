/**
 * The surface of `xai_native.node` (built from `native/`), as the binding layer in
 * `native/src/binding/` exports it. Kernel functions join it as they are written.
 */

/** What `describe()` reports about the build and the machine. */
export interface NativeDescription {
  /** The version of `@xai/backend-cuda` the addon was built for (the loader checks it). */
  readonly version: string;
  /** The Node-API version the addon was compiled against. */
  readonly napiVersion: number;
  /** The CMake build type, e.g. `"Release"`. */
  readonly buildType: string;
  /** The compilers that built it, e.g. `"GNU 12.2.0, nvcc 13.0.88"`. */
  readonly compiler: string;
  /** Whether the CUDA kernels were compiled in. */
  readonly cudaCompiled: boolean;
  /** CUDA devices visible now; 0 without a GPU, a driver, or a CUDA build. */
  readonly cudaDevices: number;
  /** Why `cudaDevices` is 0, when it is. */
  readonly cudaError?: string;
  /** Threads the CPU kernels may use. */
  readonly threads: number;
  /** Bytes of released output memory kept for reuse now (native/README.md, "Outputs"). */
  readonly outputCacheBytes?: number;
}

/**
 * Where a kernel runs. `'cuda-keep'`: on CUDA, for a caller that never modifies kernel
 * outputs, so large outputs keep their device copy and come back as inputs without an upload.
 */
export type NativeDevice = 'cpu' | 'cuda' | 'cuda-keep';

/** The noise argument of the native `perturb`. */
export interface NativeNoise {
  readonly sigma: number | Float32Array;
  readonly seed: number;
  readonly stream: number;
  readonly offset: number;
}

/** Host <-> device copies the CUDA kernels made, counted since the last reset. */
export interface NativeTransfers {
  readonly hostToDevice: number;
  readonly deviceToHost: number;
  readonly bytesToDevice: number;
  readonly bytesToHost: number;
  /** Inputs found on the device (kept outputs) instead of uploaded, and their bytes. */
  readonly reusedOnDevice: number;
  readonly bytesReusedOnDevice: number;
  /** Bytes of outputs kept on the device now (not reset). */
  readonly bytesKeptOnDevice: number;
}

/**
 * The kernel functions of `native/src/binding/kernels.cpp`. They take flat arrays and sizes,
 * check them (throwing a TypeError/RangeError with `code: 'INVALID_ARGUMENT'` synchronously),
 * and return a Promise of new arrays; the work runs off the main thread. A kernel that fails
 * while running rejects with `code` INVALID_ARGUMENT or NATIVE_ERROR.
 */
export interface NativeKernelFunctions {
  random(
    distribution: 'uniform' | 'normal',
    n: number,
    seed: number,
    stream: number,
    offset: number,
    device: NativeDevice,
  ): Promise<Float32Array>;
  upsample(
    masks: Float32Array,
    N: number,
    h: number,
    w: number,
    H: number,
    W: number,
    device: NativeDevice,
    alignCorners?: boolean,
  ): Promise<Float32Array>;
  perturb(
    x: Float32Array,
    C: number,
    H: number,
    W: number,
    baseline: Float32Array | number,
    masks: Float32Array,
    N: number,
    h: number,
    w: number,
    noise: NativeNoise | undefined,
    device: NativeDevice,
    alignCorners?: boolean,
  ): Promise<Float32Array>;
  softmaxHvp(
    probs: Float32Array,
    jv: Float32Array,
    B: number,
    K: number,
    device: NativeDevice,
  ): Promise<Float32Array>;
  centralDifference(
    gradPlus: Float32Array,
    gradMinus: Float32Array,
    h: number,
    device: NativeDevice,
  ): Promise<Float32Array>;
  /** The first `keep` indices of each row's stable descending order, [rows, keep]. */
  argsort(
    values: Float32Array,
    rows: number,
    n: number,
    keep: number,
    device: NativeDevice,
  ): Promise<Int32Array>;
  rankMasks(
    order: Int32Array,
    rows: number,
    n: number,
    steps: number,
    pixelsPerStep: number,
    firstStep: number,
    stepCount: number,
    deletion: boolean,
    device: NativeDevice,
  ): Promise<Float32Array>;
  curveAreas(
    scores: Float32Array,
    rows: number,
    n: number,
    device: NativeDevice,
  ): Promise<{ auc: Float32Array; mean: Float32Array }>;
  /** The copies counted so far; `reset` starts the count again. */
  cudaTransfers(reset?: boolean): NativeTransfers;
}

export interface NativeAddon extends Partial<NativeKernelFunctions> {
  describe(): NativeDescription;
}

const kernelFunctions = [
  'random',
  'upsample',
  'perturb',
  'softmaxHvp',
  'centralDifference',
  'argsort',
  'rankMasks',
  'curveAreas',
  'cudaTransfers',
] as const;

/** The kernel functions the addon lacks (an addon built from older sources). */
export function missingKernelFunctions(addon: NativeAddon): string[] {
  return kernelFunctions.filter(
    (name) => typeof (addon as unknown as Record<string, unknown>)[name] !== 'function',
  );
}

/** Enough to tell the xai addon from some other module at the same path. */
export function isNativeAddon(value: unknown): value is NativeAddon {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).describe === 'function'
  );
}
