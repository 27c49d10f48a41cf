import type { AddonProblem, ExpectedBuild } from './addon-check.js';
import type { AddonFailure } from './load-addon.js';

const BUILD = 'pnpm --filter @xai/native build';

/**
 * What to do, by how the candidates failed (as sharp's loader does): a file that is there
 * but wrong says more than the places with no file, so those get the build command only
 * when nothing else was found.
 */
export function addonHelp(failures: readonly AddonFailure[], expected: ExpectedBuild): string[] {
  const seen = new Set<AddonProblem>(failures.map((f) => f.problem));
  const from = (problem: AddonProblem) => failures.filter((f) => f.problem === problem);
  const help: string[] = [];
  const stale = from('stale');
  if (stale.length > 0) {
    const sources = stale.map((f) => f.candidate.source);
    if (sources.some((s) => s.includes('build'))) {
      help.push(`Rebuild it, it is out of date: ${BUILD}`);
    }
    if (sources.some((s) => s.startsWith('prebuilt'))) {
      help.push(
        `Reinstall the package so its prebuilt binary matches: npm install @xai/backend-cuda@${expected.version}`,
      );
    }
    if (sources.includes('XAI_NATIVE_ADDON')) {
      help.push(`Point XAI_NATIVE_ADDON at a build of version ${expected.version}, or unset it`);
    }
  }
  const platform = from('platform');
  if (platform.some((f) => f.candidate.source.includes('build'))) {
    help.push(`Rebuild it on this machine, for this Node: ${BUILD}`);
  }
  if (platform.some((f) => !f.candidate.source.includes('build'))) {
    const target = `${process.platform}-${process.arch}`;
    help.push(
      `Install the binary for this machine (${target}, Node ${process.version}, N-API ${expected.napiVersion}): reinstall @xai/backend-cuda here rather than copying node_modules from another machine`,
      'Or build it from source on this machine: npm rebuild @xai/backend-cuda --build-from-source (needs cmake >= 3.19 and a C++17 compiler)',
    );
  }
  if (seen.has('foreign')) {
    help.push(`Point XAI_NATIVE_ADDON at xai's xai_native.node (the file there is another module)`);
  }
  if (seen.has('broken')) {
    help.push(`Read the first error in the cause, then rebuild: ${BUILD}`);
  }
  if (help.length === 0) {
    help.push(
      `Build it: ${BUILD}`,
      'Install cmake (>= 3.19) and a C++17 compiler such as g++, then build it again',
      'Point XAI_NATIVE_ADDON at a built xai_native.node',
    );
  }
  help.push('Or use the JavaScript kernels: --kernels js');
  return help;
}
