import { PNG } from 'pngjs';

/**
 * The SmoothGrad visualisation of an attribution map [C, H, W] (Smilkov et al. 2017):
 * absolute values summed over channels, clipped at the 99th percentile, scaled to [0, 1].
 */
export function visualise(a: Float32Array, C: number, H: number, W: number): Float64Array {
  const v = new Float64Array(H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) v[p]! += Math.abs(a[c * H * W + p]!);
  const sorted = Float64Array.from(v).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
  for (let p = 0; p < v.length; p++) v[p] = top > 0 ? Math.min(1, v[p]! / top) : 0;
  return v;
}

/** A perceptual dark-to-bright colormap (black, purple, orange, yellow), linearly interpolated. */
const stops: Array<[number, number, number]> = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function color(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

/** PNG bytes of values in [0, 1] on an H x W grid, coloured, each pixel drawn `scale` x `scale`. */
export function heatmapPng(
  values: Float64Array,
  H: number,
  W: number,
  scale = 8,
  gray = false,
): Buffer {
  const png = new PNG({ width: W * scale, height: H * scale });
  for (let y = 0; y < H * scale; y++) {
    for (let x = 0; x < W * scale; x++) {
      const v = values[Math.floor(y / scale) * W + Math.floor(x / scale)]!;
      const [r, g, b] = gray ? [v * 255, v * 255, v * 255].map(Math.round) : color(v);
      const o = 4 * (y * W * scale + x);
      png.data[o] = r!;
      png.data[o + 1] = g!;
      png.data[o + 2] = b!;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
