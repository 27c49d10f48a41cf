import { XaiError } from '@xai/core';
import { type LoadAddonOptions, loadAddon } from './load-addon.js';
import type { NativeDescription } from './native-addon.js';
import { callNative } from './native-call.js';

/**
 * What the native addon was built with and what it sees: CUDA compiled in or not,
 * the CUDA devices, the CPU threads. Throws BACKEND_UNAVAILABLE when it cannot load.
 */
export function describeNativeBackend(options?: LoadAddonOptions): NativeDescription {
  const addon = loadAddon(options);
  return callNative('describe', () => addon.describe());
}

/** Whether the native addon loads; never throws for a missing or broken addon. */
export function isNativeAvailable(options?: LoadAddonOptions): boolean {
  try {
    loadAddon(options);
    return true;
  } catch (e) {
    if (XaiError.isInstance(e) && e.code === 'BACKEND_UNAVAILABLE') return false;
    throw e;
  }
}
