// Before packing: puts the addon built from native/ into prebuilds/<platform>-<arch>/, the
// layout node-gyp-build and our loader read, so installs on this platform need no compiler;
// and copies the native sources to native-src/, so other platforms can build from source
// when asked (scripts/install.mjs). Without a built addon it packs none and says so.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, '..', '..', 'native');
const built = join(native, 'build', 'Release', 'xai_native.node');
const target = join(root, 'prebuilds', `${process.platform}-${process.arch}`);

rmSync(join(root, 'prebuilds'), { recursive: true, force: true });
if (!existsSync(built)) {
  const message = `@xai/backend-cuda: no addon at ${built}; packing without a prebuild (build it with: pnpm --filter @xai/native build)`;
  if (process.env.XAI_NATIVE_REQUIRED === '1') {
    console.error(message);
    process.exit(1);
  }
  console.warn(message);
} else {
  mkdirSync(target, { recursive: true });
  copyFileSync(built, join(target, 'xai_native.node'));
  console.log(
    `@xai/backend-cuda: packed the prebuilt addon for ${process.platform}-${process.arch}`,
  );
}

const src = join(root, 'native-src');
rmSync(src, { recursive: true, force: true });
mkdirSync(join(src, 'scripts'), { recursive: true });
for (const part of ['CMakeLists.txt', 'cmake', 'src', 'cuda'])
  cpSync(join(native, part), join(src, part), { recursive: true });
for (const script of ['build.mjs', 'toolchain.mjs'])
  copyFileSync(join(native, 'scripts', script), join(src, 'scripts', script));
// CMakeLists.txt reads the version and N-API version here, and cmake-js reads
// binary.napi_versions to take its headers from node-api-headers.
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { binary } = JSON.parse(readFileSync(join(native, 'package.json'), 'utf8'));
const manifest = { name: 'xai-native-src', version, private: true, type: 'module', binary };
writeFileSync(join(src, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
