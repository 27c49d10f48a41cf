import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { XaiError } from '@xai/core';
import {
  ADDON_FILE,
  type AddonCandidate,
  addonCandidates,
  thisPackageRoot,
} from './addon-candidates.js';
import {
  type AddonProblem,
  buildMismatch,
  classifyLoadError,
  type ExpectedBuild,
  expectedBuild,
} from './addon-check.js';
import { addonHelp } from './addon-help.js';
import { isNativeAddon, type NativeAddon, type NativeDescription } from './native-addon.js';

export interface LoadAddonOptions {
  /** Where to look, in order; defaults to `addonCandidates()`. */
  candidates?: readonly AddonCandidate[];
  /** What the addon must report; defaults to this package's version and Node's N-API. */
  expected?: ExpectedBuild;
}

/** Why one candidate was passed over. */
export interface AddonFailure {
  readonly candidate: AddonCandidate;
  readonly problem: AddonProblem;
  readonly reason: string;
  readonly error: unknown;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

function tryLoad(candidate: AddonCandidate, expected: ExpectedBuild): NativeAddon | AddonFailure {
  const fail = (problem: AddonProblem, reason: string, error: unknown = new Error(reason)) => ({
    candidate,
    problem,
    reason,
    error,
  });
  if (!existsSync(candidate.path)) {
    return fail('missing', 'not found', new Error(`${candidate.path} does not exist`));
  }
  let loaded: unknown;
  try {
    loaded = createRequire(import.meta.url)(candidate.path);
  } catch (error) {
    return fail(classifyLoadError(error), firstLine(error), error);
  }
  if (!isNativeAddon(loaded)) {
    return fail('foreign', 'not the xai addon (no describe() export)');
  }
  let description: Partial<NativeDescription>;
  try {
    description = loaded.describe();
  } catch (error) {
    return fail('broken', `describe() failed: ${firstLine(error)}`, error);
  }
  const mismatch = buildMismatch(description, expected);
  return mismatch ? fail(mismatch.problem, mismatch.reason) : loaded;
}

function unavailable(failures: readonly AddonFailure[], expected: ExpectedBuild): XaiError {
  const tried = failures.length
    ? failures.map((f) => `  - ${f.candidate.source}: ${f.candidate.path}: ${f.reason}`).join('\n')
    : '  (no places to look)';
  const help = addonHelp(failures, expected);
  const message =
    `The xai native addon (${ADDON_FILE}) could not be loaded. Tried:\n${tried}\n` +
    `Possible solutions:\n${help.map((h) => `  - ${h}`).join('\n')}`;
  const cause = new AggregateError(
    failures.map((f) => f.error),
    'every place the addon may be failed',
  );
  return new XaiError('BACKEND_UNAVAILABLE', message, { cause });
}

/**
 * Loads the first candidate that is the xai addon built for this package's version and a
 * Node-API this Node has; throws BACKEND_UNAVAILABLE listing why each failed, with help
 * that depends on how they failed (not built, stale, another platform or ABI).
 */
export function loadAddonFrom(
  candidates: readonly AddonCandidate[],
  expected: ExpectedBuild = expectedBuild(thisPackageRoot()),
): NativeAddon {
  const failures: AddonFailure[] = [];
  for (const candidate of candidates) {
    const result = tryLoad(candidate, expected);
    if (isNativeAddon(result)) return result;
    failures.push(result);
  }
  throw unavailable(failures, expected);
}

let loaded: NativeAddon | undefined;

/**
 * The addon, loaded on first call and then kept. Never runs at import time, so a
 * missing addon fails at backend selection, where `'auto'` can fall back to JS.
 * A failure is not kept: a later call looks again (e.g. after a build).
 */
export function loadAddon(options: LoadAddonOptions = {}): NativeAddon {
  if (options.candidates || options.expected) {
    return loadAddonFrom(options.candidates ?? addonCandidates(), options.expected);
  }
  loaded ??= loadAddonFrom(addonCandidates());
  return loaded;
}
