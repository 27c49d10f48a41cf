// Runs at install. The prebuilt addon needs nothing, so by default this does nothing.
// Asked to build from source (npm's --build-from-source, or XAI_BUILD_FROM_SOURCE=1), it
// builds native-src/ with cmake-js (install cmake-js, node-addon-api and node-api-headers
// first, plus cmake and a C++17 compiler) and puts the addon where the loader looks.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const asked =
  process.env.npm_config_build_from_source === 'true' || process.env.XAI_BUILD_FROM_SOURCE === '1';
if (!asked) process.exit(0);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native-src');
if (!existsSync(src)) {
  console.error(
    '@xai/backend-cuda: no native-src/ here (a workspace checkout): build with pnpm --filter @xai/native build',
  );
  process.exit(1);
}
const r = spawnSync(process.execPath, [join(src, 'scripts', 'build.mjs')], {
  stdio: 'inherit',
  env: { ...process.env, XAI_NATIVE_REQUIRED: '1' },
});
if (r.status !== 0) {
  console.error(
    '@xai/backend-cuda: building from source failed. It needs cmake >= 3.19, a C++17 compiler, and the packages\n' +
      '  cmake-js, node-addon-api and node-api-headers installed beside @xai/backend-cuda:\n' +
      '  npm install cmake-js node-addon-api node-api-headers && npm rebuild @xai/backend-cuda --build-from-source',
  );
  process.exit(1);
}
const target = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
mkdirSync(target, { recursive: true });
copyFileSync(join(src, 'build', 'Release', 'xai_native.node'), join(target, 'xai_native.node'));
console.log(
  `@xai/backend-cuda: built the addon from source for ${process.platform}-${process.arch}`,
);
