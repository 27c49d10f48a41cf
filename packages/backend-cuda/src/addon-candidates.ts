import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file name cmake-js builds and prebuilds ship. */
export const ADDON_FILE = 'xai_native.node';

/** One place the addon may be, and how that place was chosen (for error messages). */
export interface AddonCandidate {
  readonly source: string;
  readonly path: string;
}

/** Overrides for tests; each defaults to this process and this package. */
export interface AddonSearchOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** The directory of @xai/backend-cuda's package.json. */
  packageRoot?: string;
  platform?: string;
  arch?: string;
  /** The path of @xai/native's package.json, or undefined when it does not resolve. */
  resolveNativePackage?: () => string | undefined;
}

/** src/ and dist/ both sit one level below the package root. */
function thisPackageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

function resolveNativePackage(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@xai/native/package.json');
  } catch {
    return undefined; // not a dependency of this install: the workspace path covers it
  }
}

/**
 * Where to look for the addon, in order, like sharp's `lib/sharp.js`: an explicit
 * `XAI_NATIVE_ADDON`, a prebuilt binary shipped in this package, then the workspace
 * build of `native/` (found relative to this package and through `@xai/native`).
 */
export function addonCandidates(options: AddonSearchOptions = {}): AddonCandidate[] {
  const env = options.env ?? process.env;
  const root = options.packageRoot ?? thisPackageRoot();
  const target = `${options.platform ?? process.platform}-${options.arch ?? process.arch}`;
  const list: AddonCandidate[] = [];

  const explicit = env.XAI_NATIVE_ADDON;
  if (explicit) list.push({ source: 'XAI_NATIVE_ADDON', path: resolve(explicit) });
  list.push({
    source: `prebuilt binary for ${target}`,
    path: join(root, 'prebuilds', target, ADDON_FILE),
  });
  list.push({
    source: 'workspace build',
    path: join(root, '..', '..', 'native', 'build', 'Release', ADDON_FILE),
  });
  const nativePackage = (options.resolveNativePackage ?? resolveNativePackage)();
  if (nativePackage) {
    list.push({
      source: '@xai/native build',
      path: join(dirname(nativePackage), 'build', 'Release', ADDON_FILE),
    });
  }

  const seen = new Set<string>();
  return preferFresherBuild(list.filter((c) => !seen.has(c.path) && seen.add(c.path)));
}

function modified(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * In a checkout where a pack left `prebuilds/` behind, a later build of `native/` must not
 * be shadowed by that older copy: a workspace build newer than the prebuilt binary goes
 * before it. Otherwise (an install, or no build) the order stays as listed.
 */
function preferFresherBuild(list: AddonCandidate[]): AddonCandidate[] {
  const prebuilt = list.findIndex((c) => c.source.startsWith('prebuilt binary'));
  const workspace = list.findIndex((c) => c.source === 'workspace build');
  if (prebuilt < 0 || workspace < prebuilt) return list;
  const prebuiltTime = modified(list[prebuilt]!.path);
  const workspaceTime = modified(list[workspace]!.path);
  if (prebuiltTime === undefined || workspaceTime === undefined || workspaceTime <= prebuiltTime) {
    return list;
  }
  const reordered = [...list];
  const [fresher] = reordered.splice(workspace, 1);
  reordered.splice(prebuilt, 0, fresher!);
  return reordered;
}
