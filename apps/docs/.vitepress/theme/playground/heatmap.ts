/**
 * The heatmap over the image, drawn as `xai explain --heatmaps` draws it (the CLI's own
 * scale and colormap code): channels summed, absolute values, the largest 2% of the mass
 * clipped, inferno blended at 0.5 over the image in grey.
 */

import {
  clippingThreshold,
  keptValues,
  normaliseAttribution,
  sumChannels,
} from '../../../../cli/src/render/attribution-scale.js';
import { colormap } from '../../../../cli/src/render/colormaps.js';

export interface Heatmap {
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  readonly width: number;
  readonly height: number;
  /** The value (in the method's units, summed over channels) at the top of the colour scale. */
  readonly threshold: number;
}

/** `map` and `pixels` are `[C, H, W]` (the map of one sample, the image's 0-255 pixels). */
export function heatmap(
  map: Float32Array,
  pixels: Float32Array,
  C: number,
  H: number,
  W: number,
): Heatmap {
  const kept = keptValues(sumChannels(map, C, H, W), 'absolute');
  const threshold = clippingThreshold([kept]);
  const values = normaliseAttribution(kept, threshold);
  const colour = colormap('inferno');
  const plane = H * W;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p++) {
    const grey =
      C === 1
        ? pixels[p]!
        : 0.299 * pixels[p]! + 0.587 * pixels[plane + p]! + 0.114 * pixels[2 * plane + p]!;
    const c = colour(values[p]!);
    for (let k = 0; k < 3; k++) rgba[4 * p + k] = Math.round(0.5 * c[k]! + 0.5 * grey);
    rgba[4 * p + 3] = 255;
  }
  return { rgba, width: W, height: H, threshold };
}

/** The colour scale as CSS: a gradient through the colormap's stops. */
export function colourScaleCss(): string {
  const colour = colormap('inferno');
  const stops = Array.from({ length: 11 }, (_, i) => {
    const [r, g, b] = colour(i / 10);
    return `rgb(${r}, ${g}, ${b}) ${i * 10}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
