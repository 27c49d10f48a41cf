/**
 * The surface of `xai_native.node` (built from `native/`), as the binding layer in
 * `native/src/binding/` exports it. Kernel functions join it as they are written.
 */

/** What `describe()` reports about the build and the machine. */
export interface NativeDescription {
  /** Version of `native/package.json` the addon was built from. */
  readonly version: string;
  /** The Node-API version the addon was compiled against. */
  readonly napiVersion: number;
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
}

export interface NativeAddon {
  describe(): NativeDescription;
  /** Sum of `x`; throws a TypeError/RangeError with `code: 'INVALID_ARGUMENT'` on bad input. */
  checkedSum(x: Float32Array): number;
}

/** Enough to tell the xai addon from some other module at the same path. */
export function isNativeAddon(value: unknown): value is NativeAddon {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).describe === 'function'
  );
}
