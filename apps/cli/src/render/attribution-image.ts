import type { DecodedImage } from '@xai/images';
import { PNG } from 'pngjs';
import type { AttributionSign } from './attribution-scale.js';
import { colormap } from './colormaps.js';

/**
 * How a normalised map is drawn, as in Captum's `visualize_image_attr`: 'heat_map' alone;
 * 'blended_heat_map' over the image in grey; 'masked_image' the image times the map;
 * 'alpha_scaling' the image with the map as its opacity (on white).
 */
export type AttributionStyle = 'heat_map' | 'blended_heat_map' | 'masked_image' | 'alpha_scaling';

export const attributionStyles: readonly AttributionStyle[] = [
  'heat_map',
  'blended_heat_map',
  'masked_image',
  'alpha_scaling',
];

export interface RasterOptions {
  readonly style: AttributionStyle;
  /** 'all' draws [-1, 1] on a diverging map with 0 in the middle; the others draw [0, 1]. */
  readonly sign: AttributionSign;
  readonly colormap: string;
  /** The image under the map (needed by every style but 'heat_map'). */
  readonly image?: DecodedImage;
  /** Heat map opacity over the image for 'blended_heat_map' (Captum's alpha_overlay 0.5). */
  readonly alpha?: number;
  /** Each value drawn as scale x scale pixels. */
  readonly scale: number;
}

/** An RGBA raster. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** Where a value in [-1, 1] ('all') or [0, 1] lands on the colormap, in [0, 1]. */
export function colourPosition(v: number, sign: AttributionSign): number {
  return sign === 'all' ? (v + 1) / 2 : v;
}

/**
 * Draws a normalised map (`normaliseAttribution`) of H x W values in one of the styles.
 * The image, when given, must be H x W with 0-255 pixels, 1 or 3 channels.
 */
export function rasteriseAttribution(
  values: Float64Array,
  H: number,
  W: number,
  o: RasterOptions,
): Raster {
  const colour = colormap(o.colormap);
  const img = o.image;
  const plane = H * W;
  const pixel = (p: number, k: number) =>
    img ? img.pixels[(img.channels === 1 ? 0 : k) * plane + p]! : 0;
  const grey = (p: number) =>
    img
      ? img.channels === 1
        ? pixel(p, 0)
        : 0.299 * pixel(p, 0) + 0.587 * pixel(p, 1) + 0.114 * pixel(p, 2)
      : 0;
  const alpha = o.alpha ?? 0.5;
  const width = W * o.scale;
  const height = H * o.scale;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = Math.floor(y / o.scale) * W + Math.floor(x / o.scale);
      const v = values[p]!;
      const out = 4 * (y * width + x);
      let rgb: readonly number[];
      switch (o.style) {
        case 'heat_map':
          rgb = colour(colourPosition(v, o.sign));
          break;
        case 'blended_heat_map': {
          const c = colour(colourPosition(v, o.sign));
          const g = grey(p);
          rgb = c.map((ck) => alpha * ck + (1 - alpha) * g);
          break;
        }
        case 'masked_image': {
          const m = Math.abs(v);
          rgb = [0, 1, 2].map((k) => m * pixel(p, k));
          break;
        }
        case 'alpha_scaling': {
          const m = Math.abs(v);
          rgb = [0, 1, 2].map((k) => m * pixel(p, k) + (1 - m) * 255);
          break;
        }
      }
      for (let k = 0; k < 3; k++) rgba[out + k] = Math.round(rgb[k]!);
      rgba[out + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** PNG bytes of a raster. */
export function rasterPng(r: Raster): Buffer {
  const png = new PNG({ width: r.width, height: r.height });
  png.data.set(r.rgba);
  return PNG.sync.write(png);
}
