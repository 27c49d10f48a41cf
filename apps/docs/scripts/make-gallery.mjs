// The heatmap gallery of the method pages: every registered method on a few fixture images
// with the CNN and ResNet fixtures, drawn by `xai explain --heatmaps` (the CLI's own
// rendering: Captum-style absolute heat maps in inferno, with a colour bar), into docs/public/gallery/<model>/<method>/. Slow
// (minutes: every method at its paper's defaults); rerun after adding a method or changing
// a fixture, then commit the PNGs. `--methods a,b` remakes only those.
//
//   node apps/docs/scripts/make-gallery.mjs [--methods a,b]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { methods } from '@xai/methods';
import { galleryDir, galleryModels, gallerySamples } from './gallery-layout.mjs';

// The built CLI (apps/cli): build it first (bash scripts/pnpm.sh exec turbo run build).
const bin = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const i = process.argv.indexOf('--methods');
const only = i > 0 ? process.argv[i + 1].split(',') : methods.map((m) => m.name);

const images = gallerySamples.map((s) => fixtureImagePaths()[s]);
const staging = mkdtempSync(join(tmpdir(), 'xai-gallery-'));
const inputs = join(staging, 'inputs');
mkdirSync(inputs);
mkdirSync(join(galleryDir, 'inputs'), { recursive: true });
for (const image of images) {
  copyFileSync(image, join(inputs, basename(image)));
  copyFileSync(image, join(galleryDir, 'inputs', basename(image)));
}

try {
  for (const [model] of galleryModels) {
    for (const method of only) {
      const maps = join(staging, model, method);
      const t0 = Date.now();
      execFileSync(
        process.execPath,
        [
          bin,
          'explain',
          ...['--model', fixtureModelPath(model), '--input', inputs, '--method', method],
          ...['--preprocess', 'fashion-mnist', '--seed', '1', '--quiet'],
          ...['--out', join(staging, 'map.npy'), '--heatmaps', maps],
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      // `xai explain` names heatmaps <batch index>-<source>; the gallery keeps <source>.
      const dest = join(galleryDir, model, method);
      rmSync(dest, { recursive: true, force: true });
      mkdirSync(dest, { recursive: true });
      for (const f of readdirSync(maps)) renameSync(join(maps, f), join(dest, f.slice(4)));
      console.error(`${model} ${method}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
