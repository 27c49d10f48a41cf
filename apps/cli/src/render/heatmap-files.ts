import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type Tensor, XaiError } from '@xai/core';
import type { DecodedImage } from '@xai/images';
import { writeFileAtomic } from '../write-atomic.js';
import { attributionFigure } from './attribution-figure.js';
import { type AttributionStyle, attributionStyles } from './attribution-image.js';
import type { AttributionSign } from './attribution-scale.js';
import { colormap, isDiverging } from './colormaps.js';

export const attributionSigns: readonly AttributionSign[] = [
  'all',
  'positive',
  'negative',
  'absolute',
];

export interface HeatmapFileOptions {
  readonly colormap: string;
  readonly alpha: number;
  /** Per sample, the image to draw over (overlay); every sample must have one. */
  readonly images?: ReadonlyArray<DecodedImage | undefined>;
  /** How the map is drawn (default: blended over the image when there is one, else heat_map). */
  readonly style?: string;
  /** Which values are shown (default: 'all' for a diverging colormap, else 'absolute'). */
  readonly sign?: string;
  /** Percent of the mass clipped as outliers (default 2). */
  readonly outlierPercent?: number;
  /** 'png' (default) or 'svg'. */
  readonly format?: string;
}

function check<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${flag} among ${allowed.join(', ')} but received '${value}'.`,
    );
  }
  return value as T;
}

/**
 * Writes one figure per sample of `attributions` `[B, C, H, W]` into `dir`, named
 * `<index>-<source name>.png` (or .svg): the map drawn as Captum's visualize_image_attr
 * does, with a colour bar in attribution units; each file whole or not at all. Returns
 * their paths.
 */
export async function writeHeatmapFiles(
  dir: string,
  attributions: Tensor,
  sources: readonly string[],
  options: HeatmapFileOptions,
): Promise<string[]> {
  colormap(options.colormap); // fails before any file is written
  const sign = check(
    '--sign',
    options.sign ?? (isDiverging(options.colormap as never) ? 'all' : 'absolute'),
    attributionSigns,
  );
  const style =
    options.style === undefined
      ? undefined
      : check('--heatmap-style', options.style, attributionStyles);
  const format = check('--heatmap-format', options.format ?? 'png', ['png', 'svg'] as const);
  const outlierPercent = options.outlierPercent ?? 2;
  if (!(outlierPercent >= 0 && outlierPercent < 100)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --outlier-percent in [0, 100) but received ${outlierPercent}.`,
    );
  }
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
  const needsImage: readonly (AttributionStyle | undefined)[] = [
    'blended_heat_map',
    'masked_image',
    'alpha_scaling',
  ];
  if (needsImage.includes(style) && !options.images) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --overlay (the images under the maps) for --heatmap-style ${style} but received none.`,
    );
  }
  await mkdir(dir, { recursive: true });
  const size = C * H * W;
  const written: string[] = [];
  for (let b = 0; b < B; b++) {
    const image = options.images?.[b];
    const figure = attributionFigure(
      attributions.data.subarray(b * size, (b + 1) * size),
      C,
      H,
      W,
      {
        colormap: options.colormap,
        sign,
        outlierPercent,
        ...(style ? { style } : {}),
        ...(image ? { image, alpha: options.alpha } : {}),
      },
    );
    const source = sources[b] ?? `sample-${b}`;
    const stem = basename(source, extname(source)).replace(/[^\w.-]+/g, '_');
    const file = join(dir, `${String(b).padStart(3, '0')}-${stem}.${format}`);
    await writeFileAtomic(file, format === 'svg' ? figure.svg : await figure.png());
    written.push(file);
  }
  return written;
}
