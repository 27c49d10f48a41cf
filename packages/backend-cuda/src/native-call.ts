import { XaiError } from '@xai/core';

/**
 * Calls into the addon and rethrows its errors as XaiError. The binding tags every
 * error it throws with `code`: INVALID_ARGUMENT for arguments, NATIVE_ERROR otherwise.
 */
export function callNative<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw toXaiError(name, e);
  }
}

/** As `callNative`, for the kernels that return a Promise: sync throws and rejections alike. */
export async function callNativeAsync<T>(name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toXaiError(name, e);
  }
}

function toXaiError(name: string, e: unknown): XaiError {
  if (XaiError.isInstance(e)) return e;
  const code =
    (e as { code?: unknown } | null)?.code === 'INVALID_ARGUMENT'
      ? 'INVALID_ARGUMENT'
      : 'NATIVE_ERROR';
  const detail = e instanceof Error ? e.message : String(e);
  return new XaiError(code, `The native ${name}() failed: ${detail}`, { cause: e });
}
