/**
 * Adversarial gradient integration (Pan, Li and Zhu, "Explaining Deep Neural Network
 * Models with Adversarial Gradient Integration", IJCAI 2021; the equations below follow its
 * algorithm and the authors' code):
 * for each of k false classes c, a path from x toward c by the steepest-ascent sign
 * steps of an untargeted-turned-targeted attack, `x_{t+1} = clip(x_t + epsilon
 * sign(dp_c(x_t)/dx))`, stopped once the prediction is c (or after `maxIter` steps), and
 * the gradient of the explained class t integrated along it,
 *
 * `AGI(x) = sum_c sum_t -dp_t(x_t)/dx * (x_{t+1} - x_t)`,
 *
 * so that `sum_i AGI_i ~ sum_c (p_t(x) - p_t(x_c))`, the drop of the explained class's
 * score along each adversarial path (first order; the paths need no baseline).
 *
 * Presets (`preset`; the default is neither: see below). `'reference-code'` is the AGI the
 * ISA paper ran, github LMBTough/ISA at 8da1747 (`saliency/saliency_zoo.py` `agi` l. 48-75,
 * `saliency/core/agi.py` `pgd_step` l. 61-102, `fgsm_step` l. 47-57), on the model
 * `Sequential(normalise, net)` (`model[:2]`, l. 49, of `generate_attributions.py`'s
 * normalise-net-softmax, l. 42); `'paper'` is the AGI paper's setting (its authors' README,
 * github pd90506/AGI at 4b28c8b, l. 14: "we choose iter=20 and k=20"):
 * 1. The false classes (`classes`, `classList`, `k`): 'paper' draws k = 20 at random
 *    (`classes: 'random'`); the ISA code takes one fixed list for every sample,
 *    `random.seed(3407); random.sample(range(0, 999), 20)` (l. 51-52) -> `classes: 'list'`
 *    with `classList` those 20 ImageNet indices, a class equal to the prediction replaced by
 *    its neighbour c + 1 (c - 1 for the last class; l. 65-68), so that class counts twice.
 *    The list holds ImageNet indices: for a model with fewer classes pass your own `classList`
 *    (the ISA code patched to ten classes draws all of 0..8). The AGI authors' own
 *    `AGI_main.py` (l. 40, 145-148) takes `range(0, 999, 1000 // topk)` instead and skips the
 *    prediction The MFABA repository's copy (github LMBTough/MFABA at 363fd52,
 *    `saliency/saliency_zoo.py` l. 8) is the same code with `topk=1`.
 * 2. Where each step starts (`stepFrom`): the paper integrates along a path, each sign step
 *    from the previous point (`'path'`); both codes step from the input every time,
 *    `fgsm_step(image, ...)` (ISA `agi.py` l. 94-95; AGI `AGI_main.py` l. 125), so every
 *    "path" point lies one step from x and the map sums `-dp_t(x_t)/dx * (clip(x + epsilon
 *    sign(dp_c(x_{t-1})/dx)) - x)` over the steps (`'input'`). Both codes do it, so it is the
 *    published method's behaviour, not a slip: it is an option, not an `authorsBugs` entry.
 * 3. The class explained: the code explains its prediction (`init_pred`, l. 55; the
 *    `target` argument is unused): pass `target: 'predicted'` to match it.
 * Unchanged: epsilon = 0.05 per step in pixel units, at most 20 steps, p the softmax
 * probability (`F.softmax`, l. 80), the stop once the false class is predicted (l. 74-78).
 * Outright bugs, fixed and not reproducible here: with a batch, `output[:, targeted].sum()`
 * and `output[:, init_pred].sum()` (l. 82, 89) differentiate every sample's probability of
 * every sample's class (a B x B block), so one sample's map depends on the others' classes;
 * and the stop removes items from `leave_index` while iterating over it (l. 74-76), skipping
 * the next sample's check. Both vanish with one image per batch, which is how the goldens were
 * made; xai takes each sample's own gradients.
 * The default is neither preset: k = 1 false class drawn at random, one path per sample (a
 * cheap map; the paper's k = 20 exceeds the false classes of a ten-class model), stepping
 * along the path as the paper describes, epsilon 0.05, 20 steps, probability. Choose
 * `'reference-code'` (with `target: 'predicted'`) to compare with the ISA paper's AGI numbers,
 * `'paper'` for the AGI paper's own setting on an ImageNet-sized model.
 * `classes: 'top'` takes the k highest-scoring other classes. Steps are in
 * pixel space (`pixel-space.ts`): with `normalization` epsilon is divided by each
 * channel's std and points are clipped to pixel [0, 1] (the reference code's clamp);
 * with `bounds` to those; with neither, epsilon is in input units and nothing is clipped.
 *
 * Random numbers: the false classes of sample b are a partial Fisher-Yates shuffle by
 * `createRng(seed, AGI_STREAM + b)`. Cost: at most `k maxIter` steps per sample, each a
 * forward pass and two gradients (p_c and p_t) of the same point, batched under the
 * memory bound; paths that reached their class drop out.
 */
import {
  type AttributionMethod,
  argmaxRows,
  createRng,
  forwardBatched,
  type LossName,
  lossGradient,
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
import { boundsRule, normalizationRule, objectiveRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { clipToRange, pixelSpace } from './pixel-space.js';

/** The streams of the false-class draws: sample b uses `AGI_STREAM + b`. */
export const AGI_STREAM = 0x41470000; // 'AG' << 16

/** The ISA code's false classes: `random.seed(3407); random.sample(range(0, 999), 20)`. */
export const ISA_CODE_CLASSES: readonly number[] = [
  58, 429, 135, 338, 220, 412, 312, 601, 866, 364, 250, 797, 867, 487, 724, 527, 416, 688, 267, 875,
];

export interface AgiOptions {
  /** The AGI paper's setting or the ISA code's (see the doc comment); default neither. */
  readonly preset?: 'paper' | 'reference-code';
  /** k: false classes, one adversarial path each (with `classes: 'list'`, the list's length). */
  readonly k: number;
  /** Which false classes: drawn at random, the top-scoring ones, or `classList` (the ISA code). */
  readonly classes: 'random' | 'top' | 'list';
  /** The false classes of `classes: 'list'`, the same for every sample; the target's replaced by its neighbour. */
  readonly classList?: readonly number[];
  /** Where each sign step starts: the previous point (the paper's path) or the input (both codes). */
  readonly stepFrom: 'path' | 'input';
  /** The sign step toward the false class, in pixel units. */
  readonly epsilon: number;
  /** The most steps of each path. */
  readonly maxIter: number;
  /** p: the softmax probability (the authors' code), or another objective on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing: pixel steps and the clip range. */
  readonly normalization?: Normalization;
  /** The clip range of the inputs, if not pixel [0, 1] through `normalization`. */
  readonly bounds?: DataBounds;
}

/** One adversarial path of AGI: sample, false class, end point, steps taken. */
export interface AgiPath {
  readonly sample: number;
  readonly falseClass: number;
  /** The last point of the path. */
  readonly end: Float32Array;
  /** Steps taken. */
  readonly steps: number;
  /** Whether the prediction reached the false class. */
  readonly reached: boolean;
}

/** The attack's step, length and objective: the same in the paper and in the ISA repository's code. */
const agiAttack = { epsilon: 0.05, maxIter: 20, objective: 'probability' } as const;

const agiPresets: Record<
  NonNullable<AgiOptions['preset']>,
  Pick<AgiOptions, 'k' | 'classes' | 'classList' | 'stepFrom' | 'epsilon' | 'maxIter' | 'objective'>
> = {
  paper: { k: 20, classes: 'random', classList: undefined, stepFrom: 'path', ...agiAttack },
  'reference-code': {
    k: ISA_CODE_CLASSES.length,
    classes: 'list',
    classList: ISA_CODE_CLASSES,
    stepFrom: 'input',
    ...agiAttack,
  },
};

export const agi: AttributionMethod<AgiOptions> = {
  name: 'agi',
  family: 'path',
  title: 'AGI',
  summary:
    'Integrates the gradient of the explained class along adversarial sign-step paths toward false classes.',
  paper: papers.pan2021,
  defaults: {
    preset: undefined,
    k: 1,
    classes: 'random',
    classList: undefined,
    stepFrom: 'path',
    epsilon: 0.05,
    maxIter: 20,
    objective: 'probability',
    normalization: undefined,
    bounds: undefined,
  },
  presets: agiPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    k: rule.integer(),
    classes: rule.oneOf('random', 'top', 'list'),
    classList: rule.numbers(0),
    stepFrom: rule.oneOf('path', 'input'),
    epsilon: rule.positive,
    maxIter: rule.integer(),
    objective: objectiveRule,
    normalization: normalizationRule,
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(agi, options));
    const targets = await resolveTargets(model, x, o.target, o);
    return (await runAgi(model, x, targets, { ...o, seed: o.seed ?? 0 })).attribution;
  },
};

/** AGI's attribution for every sample of `x` explaining `targets`, with its paths. */
export async function runAgi(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  o: Omit<AgiOptions, 'normalization' | 'bounds' | 'preset' | 'stepFrom'> &
    Pick<Partial<AgiOptions>, 'normalization' | 'bounds' | 'stepFrom'> &
    RunOptions & { seed: number },
): Promise<{ attribution: Tensor; paths: AgiPath[] }> {
  checkPositiveInteger(o.k, 'k');
  checkPositiveInteger(o.maxIter, 'maxIter');
  checkPositiveFinite(o.epsilon, 'epsilon');
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const K = model.numClasses;
  if (o.classes === 'list') checkClassList(o.classList, K);
  else if (o.k > K - 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected k to be at most ${K - 1} (the classes other than the target) but received ${o.k}.`,
    );
  }
  const falseClasses = await chooseFalseClasses(model, x, targets, o);
  const space = pixelSpace(x, o);
  const attribution = new Float64Array(B * D);
  const paths = falseClasses.map(([b, c]) => ({
    sample: b,
    falseClass: c,
    point: Float32Array.from(sampleOf(x, b).data),
    steps: 0,
    reached: false,
  }));
  const fromInput = o.stepFrom === 'input';
  let active = paths.map((_, j) => j);
  for (let t = 0; t < o.maxIter && active.length > 0; t++) {
    throwIfAborted(o.signal);
    // Each point twice: the gradient of the false class, then of the explained class.
    const n = active.length;
    const batch = new Float32Array(2 * n * D);
    const objectives = new Int32Array(2 * n);
    active.forEach((j, r) => {
      const p = paths[j]!;
      batch.set(p.point, 2 * r * D);
      batch.set(p.point, (2 * r + 1) * D);
      objectives[2 * r] = p.falseClass;
      objectives[2 * r + 1] = targets[p.sample]!;
    });
    const { grad, logits } = await lossGradient(
      model,
      { data: batch, shape: [2 * n, ...x.shape.slice(1)] },
      o.objective,
      objectives,
      o,
    );
    const predicted = argmaxRows(logits.data, 2 * n, K);
    const next: number[] = [];
    active.forEach((j, r) => {
      const p = paths[j]!;
      if (predicted[2 * r] === p.falseClass) {
        p.reached = true;
        return;
      }
      const gAdv = grad.data.subarray(2 * r * D, (2 * r + 1) * D);
      const gLab = grad.data.subarray((2 * r + 1) * D, (2 * r + 2) * D);
      // The step's origin: the previous point (the paper's path) or the input (both codes).
      const from = fromInput ? x.data.subarray(p.sample * D, (p.sample + 1) * D) : p.point;
      const to = new Float32Array(D);
      for (let i = 0; i < D; i++) {
        to[i] = from[i]! + o.epsilon * space.scale[i]! * Math.sign(gAdv[i]!);
      }
      clipToRange(space, to);
      const acc = attribution.subarray(p.sample * D, (p.sample + 1) * D);
      for (let i = 0; i < D; i++) acc[i]! -= gLab[i]! * (to[i]! - from[i]!);
      p.point = to;
      p.steps++;
      next.push(j);
    });
    active = next;
    o.onProgress?.({ phase: 'step', done: t + 1, total: o.maxIter });
  }
  return {
    attribution: { data: Float32Array.from(attribution), shape: [...x.shape] },
    paths: paths.map((p) => ({
      sample: p.sample,
      falseClass: p.falseClass,
      end: p.point,
      steps: p.steps,
      reached: p.reached,
    })),
  };
}

/** `[sample, class]` pairs: k false classes per sample, random or top-scoring. */
async function chooseFalseClasses(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  o: Pick<AgiOptions, 'k' | 'classes' | 'classList'> & RunOptions & { seed: number },
): Promise<Array<[number, number]>> {
  const B = targets.length;
  const K = model.numClasses;
  const out: Array<[number, number]> = [];
  if (o.classes === 'list') {
    // The ISA code's rule (saliency_zoo.py l. 65-68): the target's own class becomes c + 1
    // (c - 1 for the last class), so that neighbour is walked twice.
    for (let b = 0; b < B; b++) {
      for (const c of o.classList ?? []) {
        out.push([b, c !== targets[b] ? c : c < K - 1 ? c + 1 : c - 1]);
      }
    }
    return out;
  }
  if (o.classes === 'random') {
    for (let b = 0; b < B; b++) {
      const pool = [...Array(K).keys()].filter((c) => c !== targets[b]);
      const rng = createRng(o.seed, AGI_STREAM + b);
      for (let i = 0; i < o.k; i++) {
        const j = i + Math.floor(rng.uniform() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
        out.push([b, pool[i]!]);
      }
    }
    return out;
  }
  if (o.classes !== 'top') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected classes 'random', 'top' or 'list' but received '${String(o.classes)}'.`,
    );
  }
  const logits = await forwardBatched(model, x, o);
  for (let b = 0; b < B; b++) {
    const row = logits.data.subarray(b * K, (b + 1) * K);
    const order = [...Array(K).keys()]
      .filter((c) => c !== targets[b])
      .sort((p, q) => row[q]! - row[p]! || p - q);
    for (let i = 0; i < o.k; i++) out.push([b, order[i]!]);
  }
  return out;
}

/** `classList` present and within the model's classes, before any pass. */
function checkClassList(list: readonly number[] | undefined, K: number): void {
  if (!list || list.length === 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      "Expected a non-empty classList for classes: 'list' but received none; pass the false classes, e.g. classList: [0, 1, 2].",
    );
  }
  const bad = list.find((c) => !Number.isInteger(c) || c < 0 || c >= K);
  if (bad !== undefined) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected classList entries to be class indices in [0, ${K - 1}] (the model has ${K} classes) but received ${bad}; the 'reference-code' preset's list holds ImageNet indices, so pass your own classList for a model with fewer classes.`,
    );
  }
}
