/**
 * Boundary-based integrated gradients, BIG (Wang, Fredrikson and Datta, "Robust Models
 * Are More Interpretable Because Attributions Look Normal", ICML 2022; the equations below):
 * integrated gradients whose baseline is the closest point found on the
 * decision boundary, `BIG(x) = IG(x; x')`, `x'` the nearest (in L2) adversarial example
 * among attacks run at several radii epsilon. Completeness then reads
 * `sum_i BIG_i = F(x) - F(x')`, up to the quadrature error.
 *
 * The boundary search, as the BIG code the ISA paper compares with (`boundary_search` of
 * the ISA/MFABA repositories): for every epsilon, an untargeted attack that ascends the
 * cross-entropy of the explained class t;
 * - `attack: 'pgd'` (default; the reference calls it FGSM but iterates it): `attackSteps`
 *   sign steps of `attackStepSize`, each projected back into the L-inf ball of radius
 *   epsilon around x and into the data range;
 * - `attack: 'fgsm'`: the single step `x + epsilon sign(grad)`, clipped.
 * An attack succeeds when the prediction of its end point is not t; BIG takes the
 * successful end point closest to x in L2. When no attack succeeds the baseline is the
 * end point of the largest epsilon, and the map explains the drop of F toward it (the
 * reference keeps a failed point too). Then IG from that point with the textbook trapezoid
 * rule; the reference calls Captum's `riemann_trapezoid`, which is `rule: 'captum-trapezoid'`,
 * the same map times (steps-1)/steps (0.98 at 50 steps): pass it to reproduce the scale.
 *
 * Presets (`preset`). `'reference-code'` is the BIG code the ISA paper ran, github
 * LMBTough/ISA at 8da1747 (`saliency/core/big.py`, `saliency/saliency_zoo.py` `big`, on the
 * model `Sequential(normalise, net, Softmax)` of `generate_attributions.py` l. 42):
 * 1. The attack loss (`attackLoss`): the cross-entropy of the logits -> of the softmax output
 *    (`FGSM.criterion`, `big.py` l. 12, applied to a model that ends in a softmax).
 * 2. IG's objective (`objective`): the target logit -> its softmax probability (Captum
 *    attributes the wrapped model's output, `big.py` l. 136).
 * 3. IG's rule (`rule`): the textbook trapezoid -> Captum's `riemann_trapezoid` (`big.py`
 *    l. 136), `'captum-trapezoid'`.
 * Outright bug, fixed by default, reproduced with `authorsBugs: ['grad-accumulation']`: the
 * attack loop calls only `model.zero_grad()` and never clears the input's gradient
 * (`big.py` l. 17-23), so each step takes the sign of the sum of all gradients so far.
 * The default preset is `'paper'`, the defaults below; choose `'reference-code'` to compare with
 * the ISA paper's BIG numbers.
 *
 * Defaults: the reference's: epsilons 36, 64, 0.3 x 255, 0.5 x 255, 0.7 x 255, 0.9 x 255,
 * 1.1 x 255 over 255 (in pixel units), 50 attack steps of 0.001, 50 IG steps, F the
 * target logit. Note that 50 steps of 0.001 move a feature by at most 0.05 < 36/255, so
 * with these defaults the L-inf projection never binds and every 'pgd' epsilon follows the
 * same path: such attacks are run once, which gives the same result at a seventh of the
 * cost. Steps and radii are in pixel space (`pixel-space.ts`: divided by each channel's
 * std with `normalization`, clipped to pixel [0, 1] or `bounds`). Cost: `attackSteps`
 * gradient passes per distinct attack path ('fgsm': one per epsilon), one forward pass
 * per attack to check it, and `steps` for IG, per sample, batched under the memory bound.
 */
import {
  type AttributionMethod,
  argmaxRows,
  batchDims,
  jsKernels,
  type LossName,
  lossGradient,
  type Model,
  mapBatches,
  planBatches,
  type RunOptions,
  resolveOptions,
  rule,
  sliceBatch,
  type Tensor,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import { evaluateIsaLoss } from '../search/isa.js';
import { attributeAtPoints } from '../shared/attribute-at-points.js';
import type { DataBounds, Normalization } from '../shared/bounds.js';
import { checkPositiveFinite, checkPositiveInteger } from '../shared/checks.js';
import {
  boundsRule,
  normalizationRule,
  objectiveRule,
  quadratureRule,
} from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { type QuadratureRule, quadrature } from '../shared/quadrature.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { wang2022 } from './papers-baselines.js';
import { clipToRange, pixelSpace } from './pixel-space.js';

/** The reference code's bugs that can be reproduced on purpose. */
export type BigAuthorsBug = 'grad-accumulation';

export interface BigOptions {
  /** The defaults below or the reference code's choices (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** The attack's loss: cross-entropy of the logits, or of the softmax output (reference code). */
  readonly attackLoss: 'cross-entropy' | 'probability-cross-entropy';
  /** The reference code's bugs to reproduce (default none). */
  readonly authorsBugs: readonly BigAuthorsBug[];
  /** The attack radii (L-inf, pixel units); the closest successful end point wins. */
  readonly epsilons: readonly number[];
  /** 'pgd': projected iterated sign steps (the reference); 'fgsm': one step of epsilon. */
  readonly attack: 'pgd' | 'fgsm';
  /** pgd only: sign steps per attack. */
  readonly attackSteps: number;
  /** pgd only: the size of each sign step, in pixel units. */
  readonly attackStepSize: number;
  /** IG: gradient evaluations along the path from the boundary point. */
  readonly steps: number;
  /** IG: the quadrature rule (textbook trapezoid; the reference's Captum call is 'captum-trapezoid'). */
  readonly rule: QuadratureRule;
  /** IG: what is differentiated, the target logit by default. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing: pixel steps and the clip range. */
  readonly normalization?: Normalization;
  /** The clip range of the inputs, if not pixel [0, 1] through `normalization`. */
  readonly bounds?: DataBounds;
}

const bigPresets: Record<
  BigOptions['preset'],
  Pick<BigOptions, 'attackLoss' | 'rule' | 'objective'>
> = {
  paper: { attackLoss: 'cross-entropy', rule: 'trapezoid', objective: 'logit' },
  'reference-code': {
    attackLoss: 'probability-cross-entropy',
    rule: 'captum-trapezoid',
    objective: 'probability',
  },
};

/** The boundary point of each sample and how it was found. */
export interface BoundaryPoints {
  /** `[B, ...]`: the IG baseline of each sample. */
  readonly points: Tensor;
  /** Whether each sample's point changes the prediction away from its target. */
  readonly success: boolean[];
  /** The L2 distance of each point to its sample. */
  readonly distance: Float64Array;
  /** The epsilon of the attack that gave each point. */
  readonly epsilon: Float64Array;
}

export const big: AttributionMethod<BigOptions> = {
  name: 'big',
  title: 'BIG',
  summary:
    'Integrated gradients from the closest decision-boundary point found by adversarial attacks at several radii.',
  paper: wang2022,
  defaults: {
    preset: 'paper',
    epsilons: [36, 64, 0.3 * 255, 0.5 * 255, 0.7 * 255, 0.9 * 255, 1.1 * 255].map((e) => e / 255),
    attack: 'pgd',
    attackSteps: 50,
    attackStepSize: 0.001,
    steps: 50,
    authorsBugs: [],
    ...bigPresets.paper,
    normalization: undefined,
    bounds: undefined,
  },
  presets: bigPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    epsilons: rule.numbers(0),
    attack: rule.oneOf('pgd', 'fgsm'),
    attackSteps: rule.integer(),
    attackStepSize: rule.positive,
    steps: rule.integer(),
    rule: quadratureRule,
    objective: objectiveRule,
    attackLoss: rule.oneOf('cross-entropy', 'probability-cross-entropy'),
    authorsBugs: rule.subsetOf('grad-accumulation'),
    normalization: normalizationRule,
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(big, options));
    const q = quadrature(o.rule, o.steps);
    const targets = await resolveSampleTargets(model, x, o.target, o);
    const found = await findBoundaryPoints(model, x, targets, o);
    const B = x.shape[0] ?? 1;
    const baselines = Array.from({ length: B }, (_, b) => sampleOf(found.points, b));
    return attributeAtPoints(model, x, targets, {
      ...o,
      kernels: o.kernels ?? jsKernels,
      inner: 'integrated-gradients',
      quadrature: q,
      baselines,
      phase: 'step',
    });
  },
};

/**
 * BIG's boundary search: the attacks of `o` on every sample (targets t), and the closest
 * successful end point of each (or the largest epsilon's when none succeeds).
 */
export async function findBoundaryPoints(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  o: Pick<BigOptions, 'epsilons' | 'attack' | 'attackSteps' | 'attackStepSize'> &
    Pick<Partial<BigOptions>, 'normalization' | 'bounds' | 'attackLoss' | 'authorsBugs'> &
    RunOptions,
): Promise<BoundaryPoints> {
  if (o.epsilons.length === 0 || !o.epsilons.every((e) => e > 0 && Number.isFinite(e))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected one or more positive finite epsilons but received [${o.epsilons.join(', ')}].`,
    );
  }
  if (o.attack !== 'pgd' && o.attack !== 'fgsm') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected attack 'pgd' or 'fgsm' but received '${String(o.attack)}'.`,
    );
  }
  checkPositiveInteger(o.attackSteps, 'attackSteps');
  checkPositiveFinite(o.attackStepSize, 'attackStepSize');
  const attackLoss = o.attackLoss ?? 'cross-entropy';
  if (attackLoss !== 'cross-entropy' && attackLoss !== 'probability-cross-entropy') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected attackLoss 'cross-entropy' or 'probability-cross-entropy' for big but received ${JSON.stringify(attackLoss)}.`,
    );
  }
  const bugs = o.authorsBugs ?? [];
  for (const bug of bugs) {
    if (bug !== 'grad-accumulation') {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected authorsBugs to hold only 'grad-accumulation' for big but received ${JSON.stringify(bug)}.`,
      );
    }
  }
  const accumulate = bugs.includes('grad-accumulation');
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const K = model.numClasses;
  const space = pixelSpace(x, o);
  // Distinct attack paths: with pgd, every epsilon >= steps x step size never projects.
  const epsilons = [...o.epsilons].sort((a, b) => a - b);
  const reach = o.attackSteps * o.attackStepSize;
  const runs =
    o.attack === 'pgd'
      ? [...epsilons.filter((e) => e < reach), ...epsilons.filter((e) => e >= reach).slice(0, 1)]
      : epsilons;
  const R = runs.length;
  // Attack points, run-major within each sample: row b R + r.
  const points = new Float32Array(B * R * D);
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < R; r++) points.set(sampleOf(x, b).data, (b * R + r) * D);
  }
  const rowTargets = Int32Array.from({ length: B * R }, (_, i) => targets[Math.floor(i / R)]!);
  const shape = [B * R, ...x.shape.slice(1)];
  const iterations = o.attack === 'pgd' ? o.attackSteps : 1;
  // The reference's never-cleared input gradient: the running sum of all steps' gradients.
  const summed = accumulate ? new Float64Array(points.length) : undefined;
  for (let t = 0; t < iterations; t++) {
    throwIfAborted(o.signal);
    const grad = await attackGradient(model, { data: points, shape }, attackLoss, rowTargets, o);
    if (summed) {
      for (let i = 0; i < summed.length; i++) {
        summed[i]! += grad.data[i]!;
        grad.data[i] = summed[i]!;
      }
    }
    for (let row = 0; row < B * R; row++) {
      const b = Math.floor(row / R);
      const eps = runs[row % R]!;
      const x0 = x.data.subarray(b * D, (b + 1) * D);
      const p = points.subarray(row * D, (row + 1) * D);
      const g = grad.data.subarray(row * D, (row + 1) * D);
      const size = o.attack === 'pgd' ? o.attackStepSize : eps;
      for (let i = 0; i < D; i++) {
        const s = space.scale[i]!;
        const v = p[i]! + size * s * Math.sign(g[i]!);
        p[i] = x0[i]! + Math.min(eps * s, Math.max(-eps * s, v - x0[i]!));
      }
      clipToRange(space, p);
    }
    o.onProgress?.({ phase: 'attack', done: t + 1, total: iterations });
  }
  const logits = await mapBatches({ data: points, shape }, (chunk) => model.forward(chunk), o);
  const predicted = argmaxRows(logits.data, B * R, K);
  const chosen = new Float32Array(B * D);
  const success: boolean[] = [];
  const distance = new Float64Array(B);
  const epsilon = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const x0 = x.data.subarray(b * D, (b + 1) * D);
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let r = 0; r < R; r++) {
      if (predicted[b * R + r] === targets[b]) continue;
      const p = points.subarray((b * R + r) * D, (b * R + r + 1) * D);
      let d = 0;
      for (let i = 0; i < D; i++) d += (p[i]! - x0[i]!) ** 2;
      if (d < bestDistance) [best, bestDistance] = [r, d];
    }
    success.push(best >= 0);
    if (best < 0) best = R - 1;
    const p = points.subarray((b * R + best) * D, (b * R + best + 1) * D);
    chosen.set(p, b * D);
    let d = 0;
    for (let i = 0; i < D; i++) d += (p[i]! - x0[i]!) ** 2;
    distance[b] = Math.sqrt(d);
    epsilon[b] = runs[best]!;
  }
  return { points: { data: chosen, shape: [...x.shape] }, success, distance, epsilon };
}

/** The attack's gradient: core's cross-entropy, or the cross-entropy of the softmax output. */
async function attackGradient(
  model: Model,
  x: Tensor,
  loss: NonNullable<BigOptions['attackLoss']>,
  targets: Int32Array,
  run: RunOptions,
): Promise<Tensor> {
  if (loss === 'cross-entropy') return (await lossGradient(model, x, loss, targets, run)).grad;
  const { batch, sampleSize } = batchDims(x);
  const grad = new Float32Array(x.data.length);
  for (const [s, e] of planBatches(batch, sampleSize * 4, run)) {
    throwIfAborted(run.signal);
    const chunk = sliceBatch(x, s, e);
    const t = targets.subarray(s, e);
    const cotangent = evaluateIsaLoss(loss, await model.forward(chunk), t).grad;
    grad.set((await model.vjp(chunk, cotangent)).grad.data, s * sampleSize);
  }
  return { data: grad, shape: [...x.shape] };
}
