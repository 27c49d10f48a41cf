// Before packing: puts the addon built from native/ into prebuilds/<platform>-<arch>/, the
// layout node-gyp-build and our loader read, so installs on this platform need no compiler.
// Without a built addon it packs none and says so (the package then falls back to JS).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, '..', '..', 'native', 'build', 'Release', 'xai_native.node');
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
