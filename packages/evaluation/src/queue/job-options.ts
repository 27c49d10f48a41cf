/**
 * Options through Redis: job data is JSON, where a Float32Array would become an object
 * of indices. A tensor-valued option (a localisation metric's `masks`) travels as
 * `{ $tensor: { data: number[], shape } }` and comes back a Float32Array tensor.
 */
import type { Tensor } from '@xai/core';

interface EncodedTensor {
  readonly $tensor: { readonly data: readonly number[]; readonly shape: readonly number[] };
}

const isTensor = (v: unknown): v is Tensor =>
  typeof v === 'object' &&
  v !== null &&
  (v as { data?: unknown }).data instanceof Float32Array &&
  Array.isArray((v as { shape?: unknown }).shape);

const isEncoded = (v: unknown): v is EncodedTensor =>
  typeof v === 'object' && v !== null && '$tensor' in v;

/** `options` with each tensor value as plain JSON. */
export function encodeJobOptions(
  options: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [
      k,
      isTensor(v) ? { $tensor: { data: Array.from(v.data), shape: [...v.shape] } } : v,
    ]),
  );
}

/** The options `encodeJobOptions` was given (tensors as Float32Array tensors again). */
export function decodeJobOptions(
  options: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [
      k,
      isEncoded(v) ? { data: Float32Array.from(v.$tensor.data), shape: [...v.$tensor.shape] } : v,
    ]),
  );
}
