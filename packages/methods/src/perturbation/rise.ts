/**
 * RISE (Petsiuk, Das and Saenko 2018, section 3): N random masks, each an s x s grid of
 * cells kept with probability p, upsampled bilinearly to (s + 1)·cell and cropped to the
 * image at a random shift in [0, cell); the saliency is the score-weighted mean mask,
 * `S = sum_i f(x ⊙ M_i) M_i / (N p)`, with f the target's softmax probability. Defaults
 * are the paper's (N = 4000, s = 7, p = 0.5). Masks are drawn in chunks from
 * counter-based streams (grid cells: stream 0, shifts: stream 1), so the map does not
 * depend on the batch size and is the same on every backend.
 *
 * Presets (`preset`). `'paper'` is section 4.1's N = 4000, s = 7, p = 0.5. `'reference-code'`
 * is the authors' code as their evaluation runs it, github eclique/RISE at d91ea00
 * (`Evaluation.ipynb`, the notebook of the paper's deletion and insertion metrics, cell 9:
 * `generate_masks(N=5000, s=10, p1=0.1)`; `explanations.py` `RISE`, l. 15-59):
 * 1. N (`masks`) 4000 -> 5000, s (`gridSize`) 7 -> 10, p (`probability`) 0.5 -> 0.1. The
 *    repository's other notebooks use other constants (`Saliency.ipynb` cell 9: 6000, 8, 0.1;
 *    `Easy_start.ipynb` cell 18: 2000, 8, 0.5).
 * Unchanged: f the target's softmax probability (`nn.Sequential(model, nn.Softmax(dim=1))`,
 * `Evaluation.ipynb` cell 2), masked pixels 0 in model units (`torch.mul(self.masks, x)` on
 * the normalised input, l. 47), cells kept when `rand < p1` (l. 19), shifts
 * `randint(0, cell)` (l. 26-27), the sum over masks divided by N p (l. 58).
 * Not reproduced, measured within the spread of their seeds: their bilinear upsampling
 * (`skimage.transform.resize(order=1, mode='reflect')`, l. 29-30) mirrors the grid at its
 * border where xai's repeats the edge cell, a difference on the outer half-cell only; and
 * their masks come from NumPy's global generator, xai's from its counter-based streams.
 * No bugs. The default preset is `'paper'`: the constants the paper states and most users
 * cite; choose `'reference-code'` to compare with the paper's deletion and insertion numbers.
 */
import {
  type AttributionMethod,
  addWeightedMaskSets,
  type Classifier,
  callerChunkOptions,
  type Kernels,
  pacedBatches,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  type ScoreKind,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { checkPositiveInteger } from '../shared/checks.js';
import { scoreRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { repeatOverChannels } from '../shared/repeat-over-channels.js';
import { nchw } from './image-batch.js';
import { maskedScores } from './masked-scores.js';

export interface RiseOptions {
  /** The paper's N, s, p or the authors' evaluation notebook's (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** Number of masks N. */
  readonly masks: number;
  /** Grid side s: masks are s x s cells before upsampling. */
  readonly gridSize: number;
  /** Probability p that a cell is kept. */
  readonly probability: number;
  /** What masked-out pixels become, in model-input units. */
  readonly baseline: number;
  /** f: the target's softmax probability (the paper) or its logit. */
  readonly score: ScoreKind;
}

type RisePresetSettings = Pick<
  RiseOptions,
  'masks' | 'gridSize' | 'probability' | 'baseline' | 'score'
>;

const risePresets: Record<RiseOptions['preset'], RisePresetSettings> = {
  paper: { masks: 4000, gridSize: 7, probability: 0.5, baseline: 0, score: 'probability' },
  'reference-code': {
    masks: 5000,
    gridSize: 10,
    probability: 0.1,
    baseline: 0,
    score: 'probability',
  },
};

export const rise: AttributionMethod<RiseOptions, Classifier> = {
  requires: 'forward',
  name: 'rise',
  family: 'perturbation',
  title: 'RISE',
  summary: 'Score-weighted average of random smooth masks (randomized input sampling).',
  paper: papers.petsiuk2018,
  defaults: { preset: 'paper', ...risePresets.paper },
  presets: risePresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    masks: rule.integer(),
    gridSize: rule.integer(),
    probability: { type: 'number', greaterThan: 0, max: 1 },
    baseline: rule.finite,
    score: scoreRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(rise, options);
    const [B, C, H, W] = nchw(x, 'rise');
    checkPositiveInteger(o.masks, 'masks');
    if (!Number.isInteger(o.gridSize) || o.gridSize < 1 || o.gridSize > Math.min(H, W)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected gridSize to be an integer in [1, ${Math.min(H, W)}] but received ${o.gridSize}.`,
      );
    }
    if (!(o.probability > 0 && o.probability <= 1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected probability in (0, 1] but received ${o.probability}.`,
      );
    }
    const kernels = o.kernels;
    const targets = await resolveTargets(model, x, o.target, o);
    const saliency = new Float64Array(B * H * W);
    const sampleSize = C * H * W;
    let done = 0;
    // A mask costs itself, its upsampled grid and its masked image; chunks get half the
    // bound (the model passes the rest) and are sized by time, so progress and Ctrl-C
    // come several times a second.
    const upSide = (o.gridSize + 1) * Math.ceil(Math.max(H, W) / o.gridSize);
    const maskBytes = 4 * (sampleSize + H * W + upSide * upSide);
    for (const [s, e] of pacedBatches(o.masks, maskBytes, callerChunkOptions(o))) {
      throwIfAborted(o.signal);
      const masks = await riseMasks(kernels, o, s, e, H, W);
      const scores: Float64Array[] = [];
      for (let b = 0; b < B; b++) {
        scores.push(await maskedScores(model, o, sampleOf(x, b), masks, targets[b]!));
      }
      addWeightedMaskSets(saliency, scores, masks.data, H * W);
      done += e - s;
      o.onProgress?.({ phase: 'mask', done, total: o.masks });
    }
    const norm = 1 / (o.masks * o.probability);
    const maps = new Float32Array(saliency.length);
    for (let p = 0; p < maps.length; p++) maps[p] = saliency[p]! * norm;
    return repeatOverChannels({ data: maps, shape: [B, H, W] }, x.shape);
  },
};

/**
 * Masks `start .. end-1` of the sequence: cell i of mask n is kept when uniform draw
 * `n·s² + i` of stream 0 is below p; its shift is draws `2n, 2n + 1` of stream 1 scaled
 * to [0, cell) (floored). Upsampled to (s + 1)·cell with the kernels, then cropped.
 */
export async function riseMasks(
  kernels: Kernels,
  o: Pick<RiseOptions, 'gridSize' | 'probability'> & { seed?: number },
  start: number,
  end: number,
  H: number,
  W: number,
): Promise<Tensor> {
  const s = o.gridSize;
  const n = end - start;
  const seed = o.seed ?? 0;
  const cellH = Math.ceil(H / s);
  const cellW = Math.ceil(W / s);
  const upH = (s + 1) * cellH;
  const upW = (s + 1) * cellW;
  const cells = await kernels.random({
    distribution: 'uniform',
    shape: [n, s, s],
    seed,
    stream: 0,
    offset: start * s * s,
  });
  const grid = new Float32Array(cells.data.length);
  for (let c = 0; c < grid.length; c++) grid[c] = cells.data[c]! < o.probability ? 1 : 0;
  const shifts = await kernels.random({
    distribution: 'uniform',
    shape: [n, 2],
    seed,
    stream: 1,
    offset: start * 2,
  });
  const up = await kernels.upsample({
    masks: { data: grid, shape: [n, s, s] },
    height: upH,
    width: upW,
  });
  const out = new Float32Array(n * H * W);
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(shifts.data[2 * i]! * cellH);
    const dx = Math.floor(shifts.data[2 * i + 1]! * cellW);
    for (let y = 0; y < H; y++) {
      const from = i * upH * upW + (y + dy) * upW + dx;
      const to = (i * H + y) * W;
      for (let xx = 0; xx < W; xx++) out[to + xx] = up.data[from + xx]!;
    }
  }
  return { data: out, shape: [n, H, W] };
}
