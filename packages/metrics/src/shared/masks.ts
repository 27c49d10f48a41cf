import { assertFinite, formatShape, type Tensor, XaiError } from '@xai/core';
import { imageDims } from './image-dims.js';
import { pixelScores } from './pixels.js';

/**
 * The ground-truth masks of localisation metrics, one per sample: `[B, 1, H, W]` or
 * `[B, H, W]`, non-zero inside. Returns them as `B * H * W` booleans (0/1) and checks
 * that every mask marks at least one pixel and leaves at least one out.
 */
export function readMasks(
  masks: Tensor | undefined,
  B: number,
  H: number,
  W: number,
  metric: string,
): Uint8Array {
  if (!masks) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected masks (a [${B}, 1, ${H}, ${W}] tensor, non-zero inside the object) in the options of '${metric}' but received none; in the CLI pass --masks <file.npy|file.png>.`,
    );
  }
  const s = masks.shape;
  const ok =
    (s.length === 4 && s[0] === B && s[1] === 1 && s[2] === H && s[3] === W) ||
    (s.length === 3 && s[0] === B && s[1] === H && s[2] === W);
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected masks of shape [${B}, 1, ${H}, ${W}] for '${metric}' but received ${formatShape(s)}.`,
    );
  }
  const n = H * W;
  const out = new Uint8Array(B * n);
  for (let b = 0; b < B; b++) {
    let inside = 0;
    for (let p = 0; p < n; p++) {
      const v = masks.data[b * n + p]!;
      out[b * n + p] = v !== 0 ? 1 : 0;
      inside += out[b * n + p]!;
    }
    if (inside === 0 || inside === n) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected the mask of sample ${b} to mark some but not all of its ${n} pixels for '${metric}' but it marks ${inside}.`,
      );
    }
  }
  return out;
}

/**
 * The per-sample loop of the metrics that score a map against a ground-truth mask: checks
 * the map, reads the masks and calls `score` with each sample's per-pixel scores
 * (channels summed), its mask (`H * W` values, 1 inside) and the mask's size (pixels inside).
 */
export function scoreAgainstMasks(
  x: Tensor,
  attributions: Tensor,
  masks: Tensor | undefined,
  metric: string,
  score: (pixels: Float64Array, mask: Uint8Array, size: number) => number,
): Float64Array {
  const { B, H, W } = imageDims(x, attributions);
  assertFinite(attributions, 'the attributions');
  const n = H * W;
  const all = readMasks(masks, B, H, W, metric);
  return Float64Array.from({ length: B }, (_, b) => {
    const mask = all.subarray(b * n, (b + 1) * n);
    return score(
      pixelScores(attributions, b),
      mask,
      mask.reduce((s, v) => s + v, 0),
    );
  });
}

/**
 * The share of the positive relevance that lies inside the mask, `R_in+ / R_tot+` (0 when
 * no pixel is positive): relevance mass accuracy, and attribution localisation's mu.
 */
export function positiveShareInside(pixels: Float64Array, mask: Uint8Array): number {
  let inside = 0;
  let total = 0;
  for (let p = 0; p < mask.length; p++) {
    const r = Math.max(0, pixels[p]!);
    total += r;
    if (mask[p]) inside += r;
  }
  return total === 0 ? 0 : inside / total;
}
