// After packing: removes what prepack put in the package folder (the prebuilt addon and
// the native sources), so a stale prebuild never shadows a fresh workspace build.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['prebuilds', 'native-src'])
  rmSync(join(root, dir), { recursive: true, force: true });
