/**
 * How much of the WebAssembly kernel's memory (wasm/blend.wat) one pass of perturb or
 * upsample may use: rows go through it a slab of `slabBytes` at a time, and a call that needs
 * more than `maxBytes` stays in JavaScript rather than grow it further (that memory never
 * shrinks). Variables only so that the tests can cross slabs and the limit with small inputs.
 */
export const blendMemory = { slabBytes: 8 * 2 ** 20, maxBytes: 64 * 2 ** 20 };
