import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type Tensor, XaiError } from '@xai/core';
import type { DecodedImage } from '../inputs/read-image.js';
import { writeFileAtomic } from '../write-atomic.js';
import { colormap, isDiverging } from './colormaps.js';
import { renderHeatmap, visualise, visualiseSigned } from './heatmap.js';

export interface HeatmapFileOptions {
  readonly colormap: string;
  readonly alpha: number;
  /** Per sample, the image to draw over (overlay); every sample must have one. */
  readonly images?: ReadonlyArray<DecodedImage | undefined>;
}

/**
 * Writes one heatmap PNG per sample of `attributions` `[B, C, H, W]` into `dir`, named
 * `<index>-<source name>.png`, each file whole or not at all; returns their paths. A
 * diverging colormap shows signed values, the others the SmoothGrad visualisation.
 */
export async function writeHeatmapFiles(
  dir: string,
  attributions: Tensor,
  sources: readonly string[],
  options: HeatmapFileOptions,
): Promise<string[]> {
  colormap(options.colormap); // fails before any file is written
  const [B, C, H, W] = attributions.shape as [number, number, number, number];
  if (attributions.shape.length !== 4) {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected image attributions [B, C, H, W] for heatmaps but received [${attributions.shape.join(', ')}].`,
    );
  }
  const missing = options.images?.indexOf(undefined) ?? -1;
  if (missing >= 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an image under every heatmap for --overlay but '${sources[missing]}' is a .npy; drop --overlay or pass images.`,
    );
  }
  await mkdir(dir, { recursive: true });
  const size = C * H * W;
  const signed = isDiverging(options.colormap as never);
  const written: string[] = [];
  for (let b = 0; b < B; b++) {
    const a = attributions.data.subarray(b * size, (b + 1) * size);
    const values = signed ? visualiseSigned(a, C, H, W) : visualise(a, C, H, W);
    const image = options.images?.[b];
    const png = renderHeatmap(values, H, W, {
      colormap: options.colormap,
      ...(image ? { overlay: image, alpha: options.alpha } : {}),
    });
    const source = sources[b] ?? `sample-${b}`;
    const stem = basename(source, extname(source)).replace(/[^\w.-]+/g, '_');
    const file = join(dir, `${String(b).padStart(3, '0')}-${stem}.png`);
    await writeFileAtomic(file, png);
    written.push(file);
  }
  return written;
}
