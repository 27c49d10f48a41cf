/**
 * MFABA (Zhu, Chen, Zhang, Wang, Jin, Xue, Zhu and Choo, "MFABA: A More Faithful and
 * Accelerated Boundary-based Attribution Method for Deep Neural Networks", AAAI 2024):
 * the path climbs away from the target class by gradient steps until the decision
 * changes, `x_{t+1} = x_t - eta_t` with `eta_t` a step against `g_t = dL(x_t)/dx`, and the
 * attribution sums the first-order (Taylor) change of L along it,
 *
 * `A = -sum_{t=0}^{T-1} (x_{t+1} - x_t) * g_t`,
 *
 * so that `sum_i A_i ~ L(x_0) - L(x_T)` (exact when L is linear in x): the attributions
 * add up to the drop of the objective along the path, the completeness-type property the
 * paper proves for its second-order expansion. Two variants, as in the authors' code
 * (`mfaba_sharp`, `mfaba_smooth` of their `saliency_zoo`, the code the ISA paper's
 * comparisons use):
 * - `sharp`: `eta_t = 100 alpha g_t / ||g_t||_2`, a normalised gradient step (L2 length
 *   0.1 in pixel units with the defaults), clipped to the data range;
 * - `smooth`: `eta_t = alpha sign(g_t)`, the path kept within `epsilon` of x_0 (L-inf) and
 *   the data range.
 * Both stop early, per sample, as soon as the prediction leaves the target class.
 *
 * Defaults: the authors' code: `smooth` (the variant the ISA code calls MFABA), L the
 * target's softmax probability (`use_softmax=True`), at most 50 steps, alpha = 0.001 and
 * epsilon = 0.3 in pixel units (their `0.3 * 255` over 255). Steps are taken in pixel
 * space (see `pixel-space.ts`): with `normalization` alpha is divided by each channel's
 * std and the path is clipped to pixel [0, 1]; with `bounds` to those; with neither,
 * alpha is in input units and nothing is clipped. Colour channels are separate features.
 * Cost: at most `steps` gradient evaluations per sample, batched under the memory
 * bound; samples that have left their class drop out of the batch.
 */
import {
  type AttributionMethod,
  argmaxRows,
  type LossName,
  lossGradient,
  type Model,
  type RunOptions,
  resolveOptions,
  rule,
  type Tensor,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import type { DataBounds, Normalization } from '../shared/bounds.js';
import { checkPositiveFinite, checkPositiveInteger } from '../shared/checks.js';
import { boundsRule, normalizationRule, objectiveRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { zhu2024mfaba } from './papers-baselines.js';
import { clipToRange, type PixelSpace, pixelSpace } from './pixel-space.js';

export interface MfabaOptions {
  /** 'smooth': sign steps within an L-inf ball; 'sharp': normalised gradient steps. */
  readonly variant: 'sharp' | 'smooth';
  /** T: the most steps of the path. */
  readonly steps: number;
  /** alpha: the step size in pixel units (the sharp step's L2 length is 100 alpha). */
  readonly stepSize: number;
  /** smooth only: the L-inf radius in pixel units the path stays within. */
  readonly epsilon: number;
  /** Stop a sample's path once its prediction leaves the target class. */
  readonly earlyStop: boolean;
  /** L: the target's softmax probability (the authors' code), or another objective. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing: pixel steps and the clip range. */
  readonly normalization?: Normalization;
  /** The clip range of the inputs, if not pixel [0, 1] through `normalization`. */
  readonly bounds?: DataBounds;
}

/** One sample's MFABA path: its points x_0 .. x_T and the attribution. */
export interface MfabaPath {
  readonly points: Float32Array[];
  readonly attribution: Float64Array;
}

export const mfaba: AttributionMethod<MfabaOptions> = {
  name: 'mfaba',
  title: 'MFABA',
  summary:
    'Sums gradient x step along a gradient-ascent path away from the target class, until the decision changes.',
  paper: zhu2024mfaba,
  defaults: {
    variant: 'smooth',
    steps: 50,
    stepSize: 0.001,
    epsilon: 0.3,
    earlyStop: true,
    objective: 'probability',
    normalization: undefined,
    bounds: undefined,
  },
  rules: {
    variant: rule.oneOf('sharp', 'smooth'),
    steps: rule.integer(),
    stepSize: rule.positive,
    epsilon: rule.positive,
    earlyStop: rule.boolean,
    objective: objectiveRule,
    normalization: normalizationRule,
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(mfaba, options));
    const targets = await resolveSampleTargets(model, x, o.target, o);
    const paths = await mfabaPaths(model, x, targets, o);
    const out = new Float32Array(x.data.length);
    const D = paths.length === 0 ? 0 : x.data.length / paths.length;
    paths.forEach((p, b) => {
      out.set(p.attribution, b * D);
    });
    return { data: out, shape: [...x.shape] };
  },
};

/** MFABA's path and attribution for every sample of `x`, explaining `targets`. */
export async function mfabaPaths(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  o: Omit<MfabaOptions, 'normalization' | 'bounds'> &
    Pick<Partial<MfabaOptions>, 'normalization' | 'bounds'> &
    RunOptions,
): Promise<MfabaPath[]> {
  checkPositiveInteger(o.steps, 'steps');
  if (o.variant !== 'sharp' && o.variant !== 'smooth') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected variant 'sharp' or 'smooth' but received '${String(o.variant)}'.`,
    );
  }
  checkPositiveFinite(o.stepSize, 'stepSize');
  checkPositiveFinite(o.epsilon, 'epsilon');
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const K = model.numClasses;
  const space = pixelSpace(x, o);
  const paths: MfabaPath[] = [];
  for (let b = 0; b < B; b++) {
    paths.push({
      points: [Float32Array.from(sampleOf(x, b).data)],
      attribution: new Float64Array(D),
    });
  }
  let active = [...Array(B).keys()];
  for (let t = 0; t < o.steps && active.length > 0; t++) {
    throwIfAborted(o.signal);
    const batch = new Float32Array(active.length * D);
    active.forEach((b, j) => {
      batch.set(paths[b]!.points.at(-1)!, j * D);
    });
    const chunkTargets = Int32Array.from(active, (b) => targets[b]!);
    const { grad, logits } = await lossGradient(
      model,
      { data: batch, shape: [active.length, ...x.shape.slice(1)] },
      o.objective,
      chunkTargets,
      o,
    );
    const predicted = argmaxRows(logits.data, active.length, K);
    const next: number[] = [];
    active.forEach((b, j) => {
      // The path ends once the decision has changed (checked at x_t, t >= 1).
      if (o.earlyStop && t > 0 && predicted[j] !== targets[b]) return;
      const g = grad.data.subarray(j * D, (j + 1) * D);
      const p = paths[b]!;
      const from = p.points.at(-1)!;
      const to = mfabaStep(o, space, p.points[0]!, from, g);
      if (!to) return; // a zero gradient: the path cannot move
      for (let i = 0; i < D; i++) p.attribution[i]! -= (to[i]! - from[i]!) * g[i]!;
      p.points.push(to);
      next.push(b);
    });
    active = next;
    o.onProgress?.({ phase: 'step', done: t + 1, total: o.steps });
  }
  return paths;
}

/** `x_{t+1}` from `x_t` and its gradient g: the sharp or smooth step, projected and clipped. */
function mfabaStep(
  o: Pick<MfabaOptions, 'variant' | 'stepSize' | 'epsilon'>,
  space: PixelSpace,
  x0: Float32Array,
  from: Float32Array,
  g: Float32Array,
): Float32Array | undefined {
  const D = from.length;
  const { scale } = space;
  const to = new Float32Array(D);
  if (o.variant === 'sharp') {
    // The gradient in pixel units is g * scale; its unit step in input units, times scale again.
    let norm = 0;
    for (let i = 0; i < D; i++) norm += (g[i]! * scale[i]!) ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return undefined;
    const length = 100 * o.stepSize;
    for (let i = 0; i < D; i++) {
      to[i] = from[i]! - (length * g[i]! * scale[i]! * scale[i]!) / norm;
    }
  } else {
    let moved = false;
    for (let i = 0; i < D; i++) {
      const s = Math.sign(g[i]!);
      if (s !== 0) moved = true;
      const r = o.epsilon * scale[i]!;
      const v = from[i]! - o.stepSize * scale[i]! * s;
      to[i] = x0[i]! + Math.min(r, Math.max(-r, v - x0[i]!));
    }
    if (!moved) return undefined;
  }
  clipToRange(space, to);
  return to;
}
