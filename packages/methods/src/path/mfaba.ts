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
 * Presets (`preset`). `'reference-code'` is the MFABA authors' code, github LMBTough/MFABA at
 * 363fd52 (`saliency/core/mfaba.py` `FGSMGrad`, `MFABA`; `saliency/saliency_zoo.py`
 * `mfaba_smooth` l. 46-57, `mfaba_sharp` l. 60-71), on the model
 * `Sequential(normalise, net, Softmax)` of its `generate_attributions.py` (l. 37-42):
 * 1. L (`objective`): the target's softmax probability -> `'double-softmax'`, softmax of the
 *    softmax output: `use_softmax=True` applies `F.softmax` (`mfaba.py` l. 23-25) to a model
 *    that already ends in a softmax. The objective is nearly flat (its values stay within
 *    e/(e + 9) of 1/10 on ten classes), so the map is the paper's scaled by about
 *    q_t(1 - q_t) and tilted; the path hardly moves, since its steps are signs or unit
 *    vectors.
 * Everything else (steps, alpha, epsilon, both step rules, the early stop) is the same.
 * Outright bug, fixed by default, reproduced with `authorsBugs: ['grad-accumulation']`: the
 * loop calls only `model.zero_grad()` (l. 22), never clears the input's gradient, and reads
 * `dt.grad` (l. 29), so each step moves along, and the map sums, the running sum of all
 * gradients since the batch last shrank (`dt` is rebuilt without a gradient when a sample
 * leaves, l. 58-62): with the bug the map of a sample depends on the others in its batch,
 * and xai resets the sums for the whole batch at the same moments.
 * The default preset is `'paper'`: L the target's softmax probability, taken once, the
 * objective xai's other methods offer under the same name and the one a user comparing maps
 * across methods expects (the double softmax is an artefact of wrapping the model, not part
 * of the method); choose `'reference-code'` (and the bug) to compare with the MFABA and ISA
 * papers' numbers.
 *
 * Defaults: the authors' code's constants: `smooth` (the variant the ISA code calls MFABA),
 * L the target's softmax probability, at most 50 steps, alpha = 0.001 and epsilon = 0.3 in
 * pixel units (their `0.3 * 255` over 255). Steps are taken in pixel
 * space (see `pixel-space.ts`): with `normalization` alpha is divided by each channel's
 * std and the path is clipped to pixel [0, 1]; with `bounds` to those; with neither,
 * alpha is in input units and nothing is clipped. Colour channels are separate features.
 * Cost: at most `steps` gradient evaluations per sample, batched under the memory
 * bound; samples that have left their class drop out of the batch.
 */
import {
  type AttributionMethod,
  argmaxRows,
  lossNames,
  type Model,
  papers,
  type RunOptions,
  resolveOptions,
  resolveTargets,
  rule,
  type Tensor,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import type { DataBounds, Normalization } from '../shared/bounds.js';
import { checkPositiveFinite, checkPositiveInteger } from '../shared/checks.js';
import { boundsRule, normalizationRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import {
  type Objective,
  objectiveGradient,
  softmaxOutputObjectives,
} from '../shared/softmax-output-objective.js';
import { clipToRange, type PixelSpace, pixelSpace } from './pixel-space.js';

/** The authors' code's outright bugs that `authorsBugs` can reproduce. */
export type MfabaAuthorsBug = 'grad-accumulation';

export interface MfabaOptions {
  /** The paper's objective or the authors' code's (see the doc comment, point by point). */
  readonly preset: 'paper' | 'reference-code';
  /** The authors' code's bugs to reproduce (default none). */
  readonly authorsBugs: readonly MfabaAuthorsBug[];
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
  /** L: the target's softmax probability, another loss, or the authors' 'double-softmax'. */
  readonly objective: Objective;
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

const mfabaPresets: Record<MfabaOptions['preset'], Pick<MfabaOptions, 'objective'>> = {
  paper: { objective: 'probability' },
  'reference-code': { objective: 'double-softmax' },
};

export const mfaba: AttributionMethod<MfabaOptions> = {
  name: 'mfaba',
  family: 'path',
  title: 'MFABA',
  summary:
    'Sums gradient x step along a gradient-ascent path away from the target class, until the decision changes.',
  paper: papers.zhu2024mfaba,
  defaults: {
    preset: 'paper',
    authorsBugs: [],
    variant: 'smooth',
    steps: 50,
    stepSize: 0.001,
    epsilon: 0.3,
    earlyStop: true,
    ...mfabaPresets.paper,
    normalization: undefined,
    bounds: undefined,
  },
  presets: mfabaPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    authorsBugs: rule.subsetOf('grad-accumulation'),
    variant: rule.oneOf('sharp', 'smooth'),
    steps: rule.integer(),
    stepSize: rule.positive,
    epsilon: rule.positive,
    earlyStop: rule.boolean,
    objective: rule.oneOf(...lossNames, ...softmaxOutputObjectives),
    normalization: normalizationRule,
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(mfaba, options));
    const targets = await resolveTargets(model, x, o.target, o);
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
  o: Omit<MfabaOptions, 'normalization' | 'bounds' | 'preset' | 'authorsBugs'> &
    Pick<Partial<MfabaOptions>, 'normalization' | 'bounds' | 'authorsBugs'> &
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
  const accumulate = (o.authorsBugs ?? []).includes('grad-accumulation');
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
  // The authors' never-cleared input gradient (authorsBugs): per sample, the running sum
  // of its gradients since the batch last shrank.
  const summed = accumulate ? paths.map(() => new Float64Array(D)) : undefined;
  for (let t = 0; t < o.steps && active.length > 0; t++) {
    throwIfAborted(o.signal);
    const batch = new Float32Array(active.length * D);
    active.forEach((b, j) => {
      batch.set(paths[b]!.points.at(-1)!, j * D);
    });
    const chunkTargets = Int32Array.from(active, (b) => targets[b]!);
    const { grad, logits } = await objectiveGradient(
      model,
      { data: batch, shape: [active.length, ...x.shape.slice(1)] },
      o.objective,
      chunkTargets,
      o,
    );
    const predicted = argmaxRows(logits.data, active.length, K);
    // The path ends once the decision has changed (checked at x_t, t >= 1).
    const going = active.filter((b, j) => !(o.earlyStop && t > 0 && predicted[j] !== targets[b]));
    // The authors rebuild their batch, gradient cleared, whenever a sample leaves it.
    if (summed && going.length < active.length) for (const s of summed) s.fill(0);
    const next: number[] = [];
    active.forEach((b, j) => {
      if (!going.includes(b)) return;
      let g = grad.data.subarray(j * D, (j + 1) * D);
      if (summed) {
        const s = summed[b]!;
        for (let i = 0; i < D; i++) s[i]! += g[i]!;
        g = Float32Array.from(s);
      }
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
