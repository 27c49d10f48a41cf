/** The part of the WebAssembly API the kernels use (the compiler's libraries here have no DOM types). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Global: new (descriptor: { value: 'f64'; mutable: false }, value: number) => object;
}

/** The bytes of a module stored as base64 (the -bytes.ts files). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A WebAssembly kernel made on first use and kept: `get()` returns it, or undefined where it
 * cannot be made (no WebAssembly, no SIMD, a policy that forbids compiling), after which
 * `why()` says why and no second attempt is made.
 */
export function wasmOnce<T>(make: (wasm: WasmApi) => T): { get(): T | undefined; why(): string } {
  let made: T | undefined;
  let failure: string | undefined;
  return {
    get() {
      if (made !== undefined || failure !== undefined) return made;
      try {
        const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
        if (!wasm) throw new Error('this runtime has no WebAssembly');
        made = make(wasm);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      return made;
    },
    why: () => failure ?? '',
  };
}
