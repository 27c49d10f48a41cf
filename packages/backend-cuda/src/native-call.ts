import { XaiError } from '@xai/core';

/**
 * Calls into the addon and rethrows its errors as XaiError. The binding tags every
 * error it throws with `code`: INVALID_ARGUMENT for arguments, NATIVE_ERROR otherwise.
 */
export function callNative<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (XaiError.isInstance(e)) throw e;
    const code =
      (e as { code?: unknown } | null)?.code === 'INVALID_ARGUMENT'
        ? 'INVALID_ARGUMENT'
        : 'NATIVE_ERROR';
    const detail = e instanceof Error ? e.message : String(e);
    throw new XaiError(code, `The native ${name}() failed: ${detail}`, { cause: e });
  }
}
