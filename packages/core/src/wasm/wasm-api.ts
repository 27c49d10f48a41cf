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
