// Builds build/Release/xai_native.node with cmake-js (Release, Node-API headers from the
// node-api-headers package, so nothing is downloaded). Fast when up to date: it only
// reconfigures when the options below change, and the build itself is incremental.
//
// A missing toolchain or a failed build never fails the workspace build: it warns and
// exits 0, and xai uses its JavaScript kernels. XAI_NATIVE_REQUIRED=1 makes it exit 1.
//
//   node scripts/build.mjs [--if-missing]
//   env: XAI_CUDA=AUTO|ON|OFF, XAI_CUDA_ARCHITECTURES="80;90", XAI_NATIVE_REQUIRED=1
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingTool } from './toolchain.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const buildDir = join(root, 'build');
const addon = join(buildDir, 'Release', 'xai_native.node');
// The options the last successful configure was asked for.
const stampFile = join(buildDir, 'xai-build-options.json');
const required = process.env.XAI_NATIVE_REQUIRED === '1';

function giveUp(what, fix) {
  const stale = existsSync(addon)
    ? `\n  Note: ${addon} is left from an earlier build and may be out of date.`
    : '';
  console.warn(
    `\n[xai] WARNING: the native addon was not built: ${what}.\n` +
      `  To fix: ${fix}, then run \`pnpm --filter @xai/native build\`.\n` +
      '  Until then xai uses its JavaScript kernels (same results, slower), e.g. `--kernels js`.' +
      (required
        ? '\n  XAI_NATIVE_REQUIRED=1 is set, so this is an error.'
        : '\n  Set XAI_NATIVE_REQUIRED=1 to make this an error.') +
      `${stale}\n`,
  );
  process.exit(required ? 1 : 0);
}

function cmakeJs(bin, command, options) {
  const defines = Object.entries(options).map(([k, v]) => `--CD${k}=${v}`);
  const args = [
    bin,
    command,
    '--out',
    buildDir,
    '--parallel',
    String(availableParallelism()),
    ...defines,
  ];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) console.warn(`[xai] could not run cmake-js: ${result.error.message}`);
  return result.status === 0;
}

/** Configures when the options changed or nothing is configured yet, then builds. */
function configureAndBuild(bin, options) {
  const stamp = JSON.stringify(options);
  const configured = existsSync(join(buildDir, 'CMakeCache.txt')) && readStamp() === stamp;
  if (!configured) {
    rmSync(stampFile, { force: true });
    if (!cmakeJs(bin, 'configure', options)) return 'configure-failed';
  }
  if (!cmakeJs(bin, 'build', {})) return 'build-failed';
  writeFileSync(stampFile, stamp);
  return 'ok';
}

function readStamp() {
  try {
    return readFileSync(stampFile, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether a failure came from the CUDA side: CUDA's configure, or the xai_cuda target. */
function cudaFailed(outcome) {
  let cache = '';
  try {
    cache = readFileSync(join(buildDir, 'CMakeCache.txt'), 'utf8');
  } catch {}
  const cudaFound = /^CMAKE_CUDA_COMPILER:\w+=.*nvcc/im.test(cache);
  if (outcome === 'configure-failed') return cudaFound;
  if (!cudaFound) return false;
  const target = spawnSync('cmake', ['--build', buildDir, '--target', 'xai_cuda'], {
    stdio: 'ignore',
  });
  return target.status !== 0;
}

if (process.argv.includes('--if-missing') && existsSync(addon)) process.exit(0);

const missing = missingTool();
if (missing) giveUp(missing.what, missing.fix);

let bin;
try {
  bin = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');
} catch {
  giveUp(
    'cmake-js is not installed in native/node_modules',
    'run `pnpm install` at the workspace root',
  );
}

const cuda = (process.env.XAI_CUDA ?? 'AUTO').toUpperCase();
// Always passed, so that unsetting a variable resets what an earlier build cached.
const options = {
  XAI_CUDA: cuda,
  XAI_CUDA_ARCHITECTURES: process.env.XAI_CUDA_ARCHITECTURES || 'default',
};

const outcome = configureAndBuild(bin, options);
if (outcome === 'ok') process.exit(0);

// CUDA is optional under AUTO: a broken CUDA toolchain should still leave the CPU kernels.
if (cuda === 'AUTO' && cudaFailed(outcome)) {
  console.warn(
    '\n[xai] The CUDA part of the native build failed; retrying without CUDA (XAI_CUDA=OFF).\n',
  );
  if (configureAndBuild(bin, { ...options, XAI_CUDA: 'OFF' }) === 'ok') {
    // Stamp what was asked for, so that up-to-date builds do not retry CUDA each time.
    writeFileSync(stampFile, JSON.stringify(options));
    console.warn(
      '[xai] WARNING: built the native addon WITHOUT CUDA, since the CUDA build failed (see the errors above).\n' +
        '  To fix: check nvcc and that it supports your host compiler, then delete native/build and build again;\n' +
        '  or set XAI_CUDA=OFF to build for the CPU only without this warning.\n',
    );
    process.exit(0);
  }
}
const step = outcome === 'configure-failed' ? 'configuring with CMake' : 'compiling';
giveUp(
  `${step} failed (see the errors above)`,
  'fix that error, or delete native/build and try again',
);
