import type { Tensor } from '@xai/core';
import type { Preprocess } from '@xai/images';

/** The range of model units that pixels in [0, 1] map to under `pre`, over all channels. */
export function modelUnitRange(pre: Preprocess): [number, number] {
  const lo = pre.mean.map((m, c) => (0 - m) / (pre.std[c] ?? pre.std[0]!));
  const hi = pre.mean.map((m, c) => (1 - m) / (pre.std[c] ?? pre.std[0]!));
  return [Math.min(...lo, ...hi), Math.max(...lo, ...hi)];
}

/**
 * A warning when a .npy sample looks like raw 8-bit pixels (whole numbers, some above
 * twice the top of the preset's model units, none above 255) rather than the model units
 * the preset says the model expects; undefined when it looks fine.
 */
export function rawPixelWarning(
  sample: Float32Array,
  source: string,
  pre: Preprocess,
  presetName: string,
): string | undefined {
  const [lo, hi] = modelUnitRange(pre);
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const v of sample) {
    if (!Number.isInteger(v)) return undefined;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (!(min >= 0 && max <= 255 && max > 2 * Math.max(1, hi))) return undefined;
  return `warning: '${source}' looks like raw 0-255 pixels (whole numbers up to ${max}) but --preprocess ${presetName} expects model units in [${lo.toFixed(2)}, ${hi.toFixed(2)}]; pass the image file instead, or store (v / 255 - mean) / std.`;
}

/**
 * Warnings for maps that show nothing: every value zero, or all values equal (a method
 * that never moved, a target the model ignores). One line per such sample.
 */
export function degenerateMapWarnings(attributions: Tensor, sources: readonly string[]): string[] {
  const B = attributions.shape[0] ?? 1;
  const size = B === 0 ? 0 : attributions.data.length / B;
  const out: string[] = [];
  for (let b = 0; b < B; b++) {
    const a = attributions.data.subarray(b * size, (b + 1) * size);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of a) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const name = sources[b] ?? `sample ${b}`;
    if (min === 0 && max === 0)
      out.push(
        `warning: the map of '${name}' is all zero; it shows nothing (try other options or another method).`,
      );
    else if (min === max)
      out.push(
        `warning: the map of '${name}' is constant (${min}); it ranks no pixel above another (try other options or another method).`,
      );
  }
  return out;
}
