import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { XaiError } from '@xai/core';
import { ADDON_FILE, type AddonCandidate, addonCandidates } from './addon-candidates.js';
import { isNativeAddon, type NativeAddon } from './native-addon.js';

export interface LoadAddonOptions {
  /** Where to look, in order; defaults to `addonCandidates()`. */
  candidates?: readonly AddonCandidate[];
}

interface Failure {
  readonly candidate: AddonCandidate;
  readonly reason: string;
  readonly error: unknown;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

function tryLoad(candidate: AddonCandidate): NativeAddon | Failure {
  if (!existsSync(candidate.path)) {
    return { candidate, reason: 'not found', error: new Error(`${candidate.path} does not exist`) };
  }
  try {
    const loaded: unknown = createRequire(import.meta.url)(candidate.path);
    if (isNativeAddon(loaded)) return loaded;
    const error = new Error(
      `${candidate.path} loaded but is not the xai addon (it has no describe())`,
    );
    return { candidate, reason: 'not the xai addon (no describe() export)', error };
  } catch (error) {
    return { candidate, reason: firstLine(error), error };
  }
}

function unavailable(failures: readonly Failure[]): XaiError {
  const tried = failures.length
    ? failures.map((f) => `  - ${f.candidate.source}: ${f.candidate.path}: ${f.reason}`).join('\n')
    : '  (no places to look)';
  const message =
    `The xai native addon (${ADDON_FILE}) could not be loaded. Tried:\n${tried}\n` +
    'Possible solutions:\n' +
    '  - Build it: pnpm --filter @xai/native build\n' +
    '  - Install cmake (>= 3.19) and a C++17 compiler such as g++, then build it again\n' +
    '  - Point XAI_NATIVE_ADDON at a built xai_native.node\n' +
    '  - Or use the JavaScript kernels: --kernels js';
  const cause = new AggregateError(
    failures.map((f) => f.error),
    'every place the addon may be failed',
  );
  return new XaiError('BACKEND_UNAVAILABLE', message, { cause });
}

/** Loads the first candidate that works; throws BACKEND_UNAVAILABLE listing why each failed. */
export function loadAddonFrom(candidates: readonly AddonCandidate[]): NativeAddon {
  const failures: Failure[] = [];
  for (const candidate of candidates) {
    const result = tryLoad(candidate);
    if (isNativeAddon(result)) return result;
    failures.push(result);
  }
  throw unavailable(failures);
}

let loaded: NativeAddon | undefined;

/**
 * The addon, loaded on first call and then kept. Never runs at import time, so a
 * missing addon fails at backend selection, where `'auto'` can fall back to JS.
 * A failure is not kept: a later call looks again (e.g. after a build).
 */
export function loadAddon(options: LoadAddonOptions = {}): NativeAddon {
  if (options.candidates) return loadAddonFrom(options.candidates);
  loaded ??= loadAddonFrom(addonCandidates());
  return loaded;
}
