import { XaiError } from '@xai/core';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/**
 * A model too large for the browser, refused before it is copied or parsed: a WebAssembly
 * heap has 4 GiB at most, and the gradient graphs hold the weights again with the activations.
 */
export function modelTooLarge(name: string, bytes: number, limit: number): XaiError {
  return new XaiError(
    'NOT_SUPPORTED',
    `Expected a model of at most ${mib(limit)} for the browser but '${name}' is ${mib(bytes)}; run it with the xai CLI or from Node.`,
  );
}

/** The WASM heap ran out while loading or running a model below the limit. */
export function modelOutOfMemory(name: string, bytes: number, cause: unknown): XaiError {
  return new XaiError(
    'NOT_SUPPORTED',
    `Expected '${name}' (${mib(bytes)}) to fit in the browser's WebAssembly memory but it ran out (${String(cause)}); run it with the xai CLI or from Node.`,
    { cause },
  );
}
