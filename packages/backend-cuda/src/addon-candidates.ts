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
export function thisPackageRoot(): string {
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
 * build of `native/` (found relative to this package and through `@xai/native`). The
 * loader takes the first whose version is this package's (load-addon.ts), so a stale
 * prebuild left in a checkout gives way to a current workspace build.
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
  return list.filter((c) => !seen.has(c.path) && seen.add(c.path));
}
