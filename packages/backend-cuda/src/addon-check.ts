import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeDescription } from './native-addon.js';

/** Why one place the addon may be did not give a usable addon. */
export type AddonProblem =
  /** No file there. */
  | 'missing'
  /** A file that is not a loadable addon for this platform, architecture or Node. */
  | 'platform'
  /** The xai addon, built for another version of this package (or an older N-API). */
  | 'stale'
  /** A loadable module that is not the xai addon. */
  | 'foreign'
  /** Any other load failure (permissions, a missing shared library, ...). */
  | 'broken';

/** What the loader expects of the addon: this package's version, this Node's N-API. */
export interface ExpectedBuild {
  readonly version: string;
  /** The highest N-API version the running Node supports. */
  readonly napiVersion: number;
}

/** The version in `@xai/backend-cuda`'s package.json and the running Node's N-API version. */
export function expectedBuild(packageRoot: string): ExpectedBuild {
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { version, napiVersion: Number(process.versions.napi) };
}

/**
 * Why a loaded addon's description does not fit `expected` (a sentence), or undefined when
 * it fits. The build type and CUDA on/off are reported, not checked: any of them works.
 */
export function buildMismatch(
  description: Partial<NativeDescription>,
  expected: ExpectedBuild,
): { problem: AddonProblem; reason: string } | undefined {
  const built = describeBuild(description);
  if (description.version !== expected.version) {
    return {
      problem: 'stale',
      reason: `built for version ${description.version ?? '(none reported)'} but this package is ${expected.version} (${built})`,
    };
  }
  const napi = description.napiVersion;
  if (typeof napi !== 'number' || napi > expected.napiVersion) {
    return {
      problem: 'platform',
      reason: `built for N-API ${napi ?? '(none reported)'} but this Node (${process.version}) has N-API ${expected.napiVersion}`,
    };
  }
  return undefined;
}

/** "N-API 8, Release, CPU only" or "..., CUDA": what a description says about its build. */
export function describeBuild(d: Partial<NativeDescription>): string {
  return `N-API ${d.napiVersion ?? '?'}, ${d.buildType ?? 'unknown build type'}, ${d.cudaCompiled ? 'CUDA' : 'CPU only'}`;
}

/** Load errors that mean "a binary for another platform, architecture or Node ABI". */
const wrongPlatform = [
  /invalid ELF header/i,
  /wrong ELF class/i,
  /ELF file's phentsize/i,
  /not a valid Win32 application/i,
  /mach-o, but wrong architecture|incompatible architecture/i,
  /NODE_MODULE_VERSION/,
  /Module did not self-register/i,
  /GLIBC_\d|GLIBCXX_\d|musl/i,
  /undefined symbol: napi_/i,
];

/** Whether `require` failing with `error` says the binary is for another platform or ABI. */
export function classifyLoadError(error: unknown): AddonProblem {
  const text = error instanceof Error ? error.message : String(error);
  return wrongPlatform.some((p) => p.test(text)) ? 'platform' : 'broken';
}
