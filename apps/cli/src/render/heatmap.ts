import { PNG } from 'pngjs';
import type { DecodedImage } from '../inputs/read-image.js';
import { colormap } from './colormaps.js';

/** The 99th percentile of `v` (the SmoothGrad paper's clipping point). */
function percentile99(v: Float64Array): number {
  const sorted = Float64Array.from(v).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
}

/**
 * The SmoothGrad visualisation of an attribution map [C, H, W] (Smilkov et al. 2017):
 * absolute values summed over channels, clipped at the 99th percentile, scaled to [0, 1].
 */
export function visualise(a: Float32Array, C: number, H: number, W: number): Float64Array {
  const v = new Float64Array(H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) v[p]! += Math.abs(a[c * H * W + p]!);
  const top = percentile99(v);
  for (let p = 0; p < v.length; p++) v[p] = top > 0 ? Math.min(1, v[p]! / top) : 0;
  return v;
}

/**
 * Signed attributions for a diverging map: summed over channels, divided by the 99th
 * percentile of the absolute sums and clipped to [-1, 1], then mapped to [0, 1] with 0 at
 * 0.5, so that the sign survives and one outlier does not wash out the rest.
 */
export function visualiseSigned(a: Float32Array, C: number, H: number, W: number): Float64Array {
  const v = new Float64Array(H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) v[p]! += a[c * H * W + p]!;
  const top = percentile99(v.map(Math.abs));
  for (let p = 0; p < v.length; p++) {
    const s = top > 0 ? Math.max(-1, Math.min(1, v[p]! / top)) : 0;
    v[p] = (s + 1) / 2;
  }
  return v;
}

export interface HeatmapStyle {
  /** A colormap name (colormaps.ts); default inferno. */
  readonly colormap?: string;
  /** Draw over this image (its size must be H x W) with the heatmap at `alpha`. */
  readonly overlay?: DecodedImage;
  /** Opacity of the heatmap over the image (default 0.5). */
  readonly alpha?: number;
  /** Each value drawn as a `scale` x `scale` block (default: the smallest making the shorter side >= 224). */
  readonly scale?: number;
}

/** PNG bytes of values in [0, 1] on an H x W grid, coloured, optionally over an image. */
export function renderHeatmap(
  values: Float64Array,
  H: number,
  W: number,
  style: HeatmapStyle = {},
): Buffer {
  const color = colormap(style.colormap ?? 'inferno');
  const scale = style.scale ?? Math.max(1, Math.ceil(224 / Math.min(H, W)));
  const alpha = style.overlay ? (style.alpha ?? 0.5) : 1;
  const img = style.overlay;
  const plane = H * W;
  const png = new PNG({ width: W * scale, height: H * scale });
  for (let y = 0; y < H * scale; y++) {
    for (let x = 0; x < W * scale; x++) {
      const p = Math.floor(y / scale) * W + Math.floor(x / scale);
      const c = color(values[p]!);
      const o = 4 * (y * W * scale + x);
      for (let k = 0; k < 3; k++) {
        const under = img ? img.pixels[(img.channels === 1 ? 0 : k) * plane + p]! : 0;
        png.data[o + k] = Math.round(alpha * c[k]! + (1 - alpha) * under);
      }
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The demo's heatmap: values in [0, 1], inferno or gray, each value drawn `scale` x `scale`. */
export function heatmapPng(
  values: Float64Array,
  H: number,
  W: number,
  scale = 8,
  gray = false,
): Buffer {
  return renderHeatmap(values, H, W, { scale, colormap: gray ? 'gray' : 'inferno' });
}
