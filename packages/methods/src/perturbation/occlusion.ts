/**
 * Occlusion (Zeiler and Fergus 2014, section 4.2): a square window of `baseline` slides
 * over the image (all channels) with the given stride, and each pixel is attributed the
 * mean drop of the target score over the windows that cover it,
 * `a(p) = mean_{w covers p} (f(x) - f(x with w occluded))` (as Captum's Occlusion).
 * Pixels no window covers get 0. The paper varies the window; the default here scales
 * with the image (an eighth of its side, stride half the window).
 */
import {
  type AttributionMethod,
  type Classifier,
  forwardBatched,
  pacedBatches,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  type ScoreKind,
  sliceBatch,
  targetScores,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { checkPositiveInteger } from '../shared/checks.js';
import { scoreRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { repeatOverChannels } from '../shared/repeat-over-channels.js';
import { nchw } from './image-batch.js';
import { maskedScores } from './masked-scores.js';

export interface OcclusionOptions {
  /** Window side in pixels (default: round(min(H, W) / 8), at least 1). */
  readonly window?: number;
  /** Step between windows (default: half the window, at least 1). */
  readonly stride?: number;
  /** The value occluded pixels take, in model-input units. */
  readonly baseline: number;
  /** f: the target's softmax probability (the paper's class probability) or its logit. */
  readonly score: ScoreKind;
}

export const occlusion: AttributionMethod<OcclusionOptions, Classifier> = {
  requires: 'forward',
  name: 'occlusion',
  family: 'perturbation',
  title: 'Occlusion',
  summary: 'Mean drop of the target score when a sliding window covering the pixel is blanked out.',
  paper: papers.zeiler2014,
  defaults: { baseline: 0, score: 'probability', window: undefined, stride: undefined },
  rules: {
    window: rule.integer(),
    stride: rule.integer(),
    baseline: rule.finite,
    score: scoreRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(occlusion, options);
    const [B, C, H, W] = nchw(x, 'occlusion');
    const win = o.window ?? Math.max(1, Math.round(Math.min(H, W) / 8));
    const stride = o.stride ?? Math.max(1, Math.floor(win / 2));
    if (!Number.isInteger(win) || win < 1 || win > Math.min(H, W)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected window to be an integer in [1, ${Math.min(H, W)}] but received ${win}.`,
      );
    }
    checkPositiveInteger(stride, 'stride');
    const score = o.score;
    const tops = positions(H, win, stride);
    const lefts = positions(W, win, stride);
    const windows = tops.flatMap((top) => lefts.map((left) => [top, left] as const));
    const base = await forwardBatched(model, x, o);
    const targets = await resolveTargets(model, x, o.target, { logits: base });
    const fx = Array.from(
      { length: B },
      (_, b) => targetScores(sliceBatch(base, b, b + 1), targets[b]!, score)[0]!,
    );
    // How many windows cover each pixel, and each sample's sum of drops over them.
    const count = new Float64Array(H * W);
    for (const [top, left] of windows) {
      for (let y = top; y < top + win; y++) {
        for (let xx = left; xx < left + win; xx++) count[y * W + xx]! += 1;
      }
    }
    const sums = new Float64Array(B * H * W);
    let done = 0;
    // A batch of windows at a time, its masks built once for every sample (they are the same).
    for (const [s, e] of pacedBatches(windows.length, C * H * W * 4, o)) {
      const masks = new Float32Array((e - s) * H * W).fill(1);
      const batch = windows.slice(s, e);
      for (let i = s; i < e; i++)
        fillWindow(masks.subarray((i - s) * H * W, (i - s + 1) * H * W), windows[i]!, win, W, 0);
      for (let b = 0; b < B; b++) {
        throwIfAborted(o.signal);
        const t = targets[b]!;
        const f = await maskedScores(
          model,
          o,
          sampleOf(x, b),
          { data: masks, shape: [e - s, H, W] },
          t,
        );
        addDrops(sums, b * H * W, fx[b]!, f, batch, win, W);
        done += e - s;
        o.onProgress?.({ phase: 'window', done, total: B * windows.length });
      }
    }
    const maps = new Float32Array(B * H * W);
    for (let b = 0; b < B; b++) {
      for (let p = 0; p < H * W; p++) {
        maps[b * H * W + p] = count[p]! > 0 ? sums[b * H * W + p]! / count[p]! : 0;
      }
    }
    return repeatOverChannels({ data: maps, shape: [B, H, W] }, x.shape);
  },
};

/** Adds the drop f(x) − f_i of each window i to the pixels it covers, in `sums` from `at`. */
function addDrops(
  sums: Float64Array,
  at: number,
  fx: number,
  f: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
  win: number,
  W: number,
): void {
  for (const [i, [top, left]] of windows.entries()) {
    for (let y = top; y < top + win; y++) {
      for (let xx = left; xx < left + win; xx++) sums[at + y * W + xx]! += fx - f[i]!;
    }
  }
}

/** Window offsets along one axis: 0, stride, 2·stride, ... while the window fits. */
function positions(size: number, win: number, stride: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + win <= size; p += stride) out.push(p);
  return out;
}

function fillWindow(
  mask: Float32Array,
  [top, left]: readonly [number, number],
  win: number,
  W: number,
  value: number,
): void {
  for (let y = top; y < top + win; y++) mask.fill(value, y * W + left, y * W + left + win);
}
