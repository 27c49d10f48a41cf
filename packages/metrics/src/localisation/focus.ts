/**
 * Focus (Arias-Duart et al. 2022, section 3): a 2 x 2 mosaic holds the image, another
 * image of its class and two images of other classes (the other images taken from
 * `dataset`, or else from the batch; positions drawn by the counter-based generator,
 * stream = sample). The method explains the mosaic for the target class, and focus is the
 * share of the positive relevance (channels summed) that falls on the two target-class
 * tiles: 1 for a map that points only at the class, about 0.5 for one that ignores it.
 * Each tile is its image averaged down 2 x 2, so the mosaic has the model's input size
 * (the paper's mosaics double the size, for models that accept any size). A sample whose
 * class lacks partners in the set scores NaN, and `details.skipped` says why. Needs
 * `explain`; costs one run of the method per sample.
 */
import {
  type AttributionMetric,
  createRng,
  papers,
  resolveOptions,
  resolveTargets,
  type Tensor,
  XaiError,
} from '@xai/core';
import { scoreEachSample } from '../shared/each-sample.js';
import { requireExplainer } from '../shared/explainer.js';
import { imageDims } from '../shared/image-dims.js';
import { positiveShareInside } from '../shared/masks.js';
import { pixelScores, randomSubset } from '../shared/pixels.js';

export type FocusOptions = Record<never, never>;

export const focus: AttributionMetric<FocusOptions> = {
  name: 'focus',
  title: 'Focus',
  summary:
    "Share of the positive relevance on a mosaic's tiles of the target class (the metric builds the mosaics).",
  paper: papers.ariasDuart2022,
  family: 'localisation',
  higherIsBetter: true,
  usesDataset: true,
  defaults: {},
  async evaluate(model, x, attributions, given) {
    const options = resolveOptions(focus, given);
    const explain = requireExplainer(options, 'focus');
    const { B, C, H, W } = imageDims(x, attributions);
    if (H % 2 || W % 2) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected an even height and width for 'focus' mosaics but received ${H} x ${W}.`,
      );
    }
    const targets = await resolveTargets(model, x, options.target, options);
    const pool = options.dataset ?? { x, targets };
    const P = pool.x.shape[0]!;
    const D = C * H * W;
    if (pool.x.data.length !== P * D) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected the dataset's images shaped like the input [${C}, ${H}, ${W}] for 'focus'.`,
      );
    }
    const skipped: string[] = [];
    const scores = await scoreEachSample(B, options, async (b) => {
      const t = targets[b]!;
      const xb = x.data.subarray(b * D, (b + 1) * D);
      const same: number[] = [];
      const other: number[] = [];
      for (let j = 0; j < P; j++) {
        const pj = pool.x.data.subarray(j * D, (j + 1) * D);
        // The sample itself is no partner: by index in the batch, by content in a dataset.
        const itself = options.dataset ? sameImage(pj, xb) : j === b;
        if (pool.targets[j] === t) {
          if (!itself) same.push(j);
        } else other.push(j);
      }
      if (same.length < 1 || other.length < 2) {
        skipped.push(
          `sample ${b}: a mosaic needs another image of class ${t} and two of other classes but the set has ${same.length} and ${other.length}; pass more samples`,
        );
        return Number.NaN;
      }
      const rng = createRng(options.seed ?? 0, b);
      const partner = same[rng.int(same.length)]!;
      const pick = randomSubset(other.length, 2, (k) => rng.int(k));
      const tiles = [xb, pool.x.data.subarray(partner * D, (partner + 1) * D)];
      for (const i of pick) tiles.push(pool.x.data.subarray(other[i]! * D, (other[i]! + 1) * D));
      // Tile k goes to quadrant place[k]; tiles 0 and 1 are of the target class.
      const place = randomSubset(4, 4, (k) => rng.int(k));
      const mosaic = new Float32Array(D);
      for (let k = 0; k < 4; k++) putTile(mosaic, tiles[k]!, place[k]!, C, H, W);
      const phi = await explain({ data: mosaic, shape: [1, C, H, W] }, model, [t]);
      const merged = pixelScores(
        { data: phi.data, shape: [1, phi.data.length / (H * W), H, W] } as Tensor,
        0,
      );
      return positiveShareInside(merged, quadrantMask(H, W, place[0]!, place[1]!));
    });
    return { scores, higherIsBetter: true, details: { skipped } };
  },
};

/** The pixels of quadrants `p` and `q` (0 top-left, row-major) of an H x W image. */
function quadrantMask(H: number, W: number, p: number, q: number): Uint8Array {
  const mask = new Uint8Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let xx = 0; xx < W; xx++) {
      const quadrant = (y < H / 2 ? 0 : 2) + (xx < W / 2 ? 0 : 1);
      mask[y * W + xx] = quadrant === p || quadrant === q ? 1 : 0;
    }
  }
  return mask;
}

function sameImage(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes `tile` `[C, H, W]` averaged down 2 x 2 into quadrant q (0 top-left, row-major). */
export function putTile(
  mosaic: Float32Array,
  tile: Float32Array,
  q: number,
  C: number,
  H: number,
  W: number,
): void {
  const oy = q >= 2 ? H / 2 : 0;
  const ox = q % 2 ? W / 2 : 0;
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H / 2; y++) {
      for (let xx = 0; xx < W / 2; xx++) {
        const at = (yy: number, xp: number) => tile[(c * H + yy) * W + xp]!;
        const v =
          (at(2 * y, 2 * xx) +
            at(2 * y, 2 * xx + 1) +
            at(2 * y + 1, 2 * xx) +
            at(2 * y + 1, 2 * xx + 1)) /
          4;
        mosaic[(c * H + oy + y) * W + ox + xx] = v;
      }
    }
  }
}
