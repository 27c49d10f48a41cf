import { XaiError } from '@xai/core';

type Rgb = readonly [number, number, number];

/**
 * Colormaps as evenly spaced stops, linearly interpolated: matplotlib's perceptually
 * uniform inferno and viridis (sampled at 8 points), gray, and a diverging blue-white-red
 * (ColorBrewer RdBu, reversed so that positive is red) for signed attributions.
 */
const stops: Record<ColormapName, readonly Rgb[]> = {
  inferno: [
    [0, 0, 4],
    [40, 11, 84],
    [101, 21, 110],
    [159, 42, 99],
    [212, 72, 66],
    [245, 125, 21],
    [250, 193, 39],
    [252, 255, 164],
  ],
  viridis: [
    [68, 1, 84],
    [70, 50, 127],
    [54, 92, 141],
    [39, 127, 142],
    [31, 161, 135],
    [74, 194, 109],
    [159, 218, 58],
    [253, 231, 37],
  ],
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  rdbu: [
    [5, 48, 97],
    [33, 102, 172],
    [146, 197, 222],
    [247, 247, 247],
    [244, 165, 130],
    [178, 24, 43],
    [103, 0, 31],
  ],
};

export type ColormapName = 'inferno' | 'viridis' | 'gray' | 'rdbu';

export const colormapNames = Object.keys(stops) as ColormapName[];

/** True for the maps meant for signed values (centre = 0). */
export function isDiverging(name: ColormapName): boolean {
  return name === 'rdbu';
}

/** The named colormap, or INVALID_ARGUMENT listing them. */
export function colormap(name: string): (t: number) => Rgb {
  if (!(name in stops)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --colormap among ${colormapNames.join(', ')} but received '${name}'.`,
    );
  }
  const s = stops[name as ColormapName];
  return (t: number) => {
    const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (s.length - 1);
    const i = Math.min(s.length - 2, Math.floor(x));
    const f = x - i;
    const a = s[i]!;
    const b = s[i + 1]!;
    return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as unknown as Rgb;
  };
}
