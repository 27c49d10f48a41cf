/**
 * ISA, Iterative Search Attribution (Zhu, Chen, Wang, Zhang, Jin, Xue and Shen, ICML 2024;
 * Algorithm 1 of appendix J, eq. 2-11).
 *
 * Each round gamma starts from the current input x_0 (features removed so far are 0) and runs
 * - T1 sign-gradient ascent steps  x_{t+1} = x_t + eta · sign(g_t) · m_t,   A_a += Δx_t ⊙ g_t,
 * - T2 sign-gradient descent steps x_{t+1} = x_t - eta · sign(g_t) · m_t,   A_d += Δx_t ⊙ g_t,
 *   each from x_0, with g_t = dL/dx at x_t (eq. 3-5);
 * then normalises each by its loss change, Ā = A_a / ΔL_a + A_d / ΔL_d (eq. 7 and section 4.2),
 * removes the k features with the smallest Ā among those not yet removed (sets them to 0, eq. 8),
 * min-max normalises their values (eq. 9) and stores ā · S + gamma for them (eq. 10-11). The
 * rounds go on until every feature is attributed, ceil(n / k) of them (section 4.3), so a
 * feature removed later (more important) scores higher; the last round's features, the ones the
 * model needed most, sit at the top, in [Γ - 1, Γ - 1 + S].
 *
 * The mask m of eq. 2 (m = sign(g) ⊕ sign(x)) lets a feature move only towards 0, the
 * direction "unseen to the model" (sections 3.1 and 4.2). In ascent the step is +sign(g), so
 * m_i = 1 exactly when sign(g_i) ≠ sign(x_i), which is eq. 2 read as an XOR of sign bits. In
 * descent the step is -sign(g); we apply eq. 2 to that step's direction, so m_i = 1 when
 * sign(g_i) = sign(x_i). Together the two phases cover every feature, as section 4.2 says they
 * should ("the processes of gradient ascent and gradient descent will completely explore the
 * entire feature space"); with the ascent mask reused verbatim in descent, features with
 * g_i x_i > 0 would never move in either phase and would all tie at 0. Features that are 0
 * (removed, or 0 in the input) cannot move towards 0 and never move.
 *
 * Presets (`preset`). `'reference-code'` is the authors' code, github LMBTough/ISA at commit
 * 8da1747 (`saliency/saliency_zoo.py` `ISA`, `saliency/core/isa.py` `exp`, `caculate_total`,
 * `caculate_combine`, run by `generate_attributions.py` on `Sequential(normalise, net, Softmax)`).
 * Point by point, paper -> code (the option that holds each):
 * 1. Step size and band width (`learningRate`, `scale`): 0.002 and 1.1 (section 5.3) -> 0.004 and
 *    1.3 (`saliency_zoo.py` l. 116, `alpha=0.004, factor=1.3`, the ablation values of section 5.6).
 * 2. Direction mask (`directionMask`): eq. 2 -> none; `exp` passes `add_mask=False`
 *    (`isa.py` l. 78 and 81), so every feature moves by ±eta·sign(g), away from 0 too.
 * 3. Loss (`loss`, `normPenalty`): cross-entropy on logits -> cross-entropy on the softmax output
 *    (the model ends in `Softmax`, `generate_attributions.py` l. 42), minus lambda·||x||_2 in
 *    ascent and plus it in descent with lambda = 0.01 (`isa.py` l. 18-20 and 29-30).
 * 4. Noise (`noise`, `noiseOnRemoved`): none -> N(0, 0.05²) added to every feature, removed ones
 *    included, before each gradient (`isa.py` l. 15); the norm term sees x without noise.
 * 5. Removed features in ascent (`ascentMovesRemoved`): frozen -> ascent uses the unmasked
 *    gradient (`isa.py` l. 32, only descent multiplies by the mask, l. 22), so removed features
 *    move off 0 during ascent and feed the model; they still cannot be removed twice.
 * 6. Loss change (`lossChange`): L(x_T) - L(x_0) (`'phase'`) -> the losses recorded at steps 0
 *    and T-1 of the loop, noise and norm term included (`'recorded-steps'`, `isa.py` l. 44-50).
 * 7. Ranking (`rankBy`): Ā -> |(Ā + min Ā)·x| with x the original input and the minimum over all
 *    features (`caculate_combine`, `isa.py` l. 55-56, `method="total*delta"`), so maps follow |x|.
 * 8. Band normalisation (`epsilon`): (a - min)/(max - min) -> (a - min)/(max(a - min) + 1e-6)
 *    (`saliency_zoo.py` l. 140-141).
 * Outright bugs of the code, fixed by default, reproduced on request with `authorsBugs`:
 * - `'last-round'`: the last, short round takes the batch size where the feature count belongs
 *   (`saliency_zoo.py` l. 129, `len(combine_flatten)`), so it removes nothing and its features,
 *   the most important ones, stay at 0.
 * Not reproduced: the code's batch couplings (`torch.norm` over the whole batch, `total.min()`
 * over the batch, one min-max over the batch's removed features, `generate_attributions.py` runs
 * batches of 64). xai searches each sample on its own, which is the code at batch size 1; the
 * goldens (`packages/methods/test/fixtures/isa/README.md`) are made at batch size 1.
 * Units: the code's x is the image in [0, 1] (its model normalises inside), so there removal
 * means black and |x| is the pixel value; xai works in model-input units (removal to 0 there,
 * |x| of the model input) until the input domain (`ExplainContext.domain`) reaches this method.
 * The goldens give both sides the fixtures' model inputs, so they compare like with like.
 * The default preset is `'paper'`: it is the algorithm the paper states and evaluates by name; a
 * user who wants the published tables' maps chooses `'reference-code'`.
 *
 * Stability across seeds (measured on 8 fixture images, k = 50, mean per-image Pearson between
 * two runs, CNN / ResNet): ISA is chaotic in its input, not only noisy. A sign step is
 * discontinuous at g = 0, and on the many features whose gradient is near 0 (flat background,
 * or where the cross-entropy gradient and the norm term cancel) any perturbation flips the step;
 * the loss changes, the removal order and every later round's starting point follow. Noise of
 * 1e-4 against none gives 0.59 / 0.62, about what two seeds of noise 0.05 give (0.65 / 0.65, the
 * authors' code 0.54 / 0.65 on its goldens), and the authors' code in float32 and in float64
 * agrees only at 0.41-0.58 on the CNN. The eq. 2 direction mask with Ā alone as the ranking
 * (the earlier reading of the code, `preset: 'paper', noise: 0.05`) is less stable still, 0.38 /
 * 0.50; ranking by |(Ā + min Ā)·x| helps on the CNN (0.65 against 0.55 with Ā alone) because |x|
 * does not depend on the seed. Without noise (the paper preset) a run is deterministic per
 * backend, but expect maps to move with rounding between backends.
 * Any option given explicitly overrides the preset.
 *
 * k: the paper removes 5000 of the 224·224·3 = 150528 features per round (about 30 rounds,
 * 480 gradient passes). For other input sizes set `k` yourself; about n / 30 keeps the paper's
 * number of rounds. k larger than n means one round.
 *
 * Choices where the paper is silent: when a phase's loss does not change (|ΔL| ≤ 1e-12) its
 * Ā is 0, as there is nothing to normalise by; a round whose removed features all have the same
 * Ā (one feature, or ties only) gives them ā = 1, the top of their band; ties in Ā are removed
 * in index order (the code's `np.argsort` leaves their order to the sort); where the code divides
 * by a zero loss change (inf or NaN) xai gives Ā = 0. The noise comes from xai's counter-based
 * streams, not numpy's, keyed by seed, round, phase and step, the same draw for every sample of
 * a batch, so a map is the same on every backend for a seed and a sample's map does not depend
 * on its batch; with `noiseOnRemoved: false` it touches only features not yet removed.
 *
 * Model passes per batch (fitting one call): ceil(n/k)(T1 + T2) gradient passes (vjp; losses
 * other than `'logit'` also run the model forward first to get their cotangent), plus, with
 * `lossChange: 'phase'`, two loss evaluations per round (L at the end of each phase) and one per
 * round for L(x_0) when there is noise (without noise it comes from the first gradient pass);
 * `'recorded-steps'` needs none of these. Plus one forward pass to resolve `target: 'predicted'`.
 */
import {
  type AttributionMethod,
  assertFinite,
  batchDims,
  formatShape,
  forwardBatched,
  type Kernels,
  lossGradient,
  lossNames,
  type Model,
  papers,
  type RunOptions,
  resolveOptions,
  resolveTargets,
  rule,
  sizeOf,
  type Target,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { minMaxNormalize } from '../shared/min-max.js';
import { type IsaLoss, isaLoss } from './isa-loss.js';

/** The loss L of ISA: any core loss, or cross-entropy on softmax outputs (the authors' code). */

/** The authors' bugs that can be reproduced on purpose (see the doc comment). */
export type IsaAuthorsBug = 'last-round';

export interface IsaOptions {
  /** The paper's algorithm or the authors' code's (see the doc comment, point by point). */
  readonly preset: 'paper' | 'reference-code';
  /** Features removed per round (paper: 5000 of 150528); scale it with the input size. */
  readonly k: number;
  /** T1: gradient ascent steps per round (paper: 8). */
  readonly ascentSteps: number;
  /** T2: gradient descent steps per round (paper: 8). */
  readonly descentSteps: number;
  /** eta1 = eta2: the sign-step size (paper: 0.002; reference code: 0.004). */
  readonly learningRate: number;
  /** S in eq. 11, in [1, 2) in the paper (paper: 1.1; reference code: 1.3). */
  readonly scale: number;
  /** Standard deviation of the Gaussian noise added at each inner step (paper: 0; code: 0.05). */
  readonly noise: number;
  /** The noise also touches removed features (paper: no noise; code: true). */
  readonly noiseOnRemoved: boolean;
  /** The loss L (paper: cross-entropy; reference code: cross-entropy on softmax outputs). */
  readonly loss: IsaLoss;
  /** lambda of the term -lambda·||x||_2 in ascent, +lambda·||x||_2 in descent (paper: 0; code: 0.01). */
  readonly normPenalty: number;
  /** Eq. 2: a feature moves only towards 0 (paper: true; code: false, `add_mask=False`). */
  readonly directionMask: boolean;
  /** Ascent moves removed features too, by the unmasked gradient (paper: false; code: true). */
  readonly ascentMovesRemoved: boolean;
  /** ΔL: L(x_T) - L(x_0) (`'phase'`, paper) or the losses recorded at steps 0 and T-1 (code). */
  readonly lossChange: 'phase' | 'recorded-steps';
  /** Removal order: Ā (paper) or |(Ā + min Ā)·x| with x the original input (code). */
  readonly rankBy: 'attribution' | 'shifted-attribution-times-input';
  /** Band normalisation (a - min)/(range + epsilon) (paper: 0, plain min-max; code: 1e-6). */
  readonly epsilon: number;
  /** The authors' bugs to reproduce on purpose (default none: each is fixed). */
  readonly authorsBugs: readonly IsaAuthorsBug[];
}

type IsaSettings = Omit<IsaOptions, 'preset'>;

const presets: Record<IsaOptions['preset'], IsaSettings> = {
  paper: {
    k: 5000,
    ascentSteps: 8,
    descentSteps: 8,
    learningRate: 0.002,
    scale: 1.1,
    noise: 0,
    noiseOnRemoved: false,
    loss: 'cross-entropy',
    normPenalty: 0,
    directionMask: true,
    ascentMovesRemoved: false,
    lossChange: 'phase',
    rankBy: 'attribution',
    epsilon: 0,
    authorsBugs: [],
  },
  'reference-code': {
    k: 5000,
    ascentSteps: 8,
    descentSteps: 8,
    learningRate: 0.004,
    scale: 1.3,
    noise: 0.05,
    noiseOnRemoved: true,
    loss: 'probability-cross-entropy',
    normPenalty: 0.01,
    directionMask: false,
    ascentMovesRemoved: true,
    lossChange: 'recorded-steps',
    rankBy: 'shifted-attribution-times-input',
    epsilon: 1e-6,
    authorsBugs: [],
  },
};

const authorsBugNames: readonly IsaAuthorsBug[] = ['last-round'];

/** A phase's loss change at or below this counts as no change (its Ā is then 0). */
const minLossChange = 1e-12;

export const isa: AttributionMethod<IsaOptions> = {
  name: 'isa',
  family: 'search',
  title: 'Iterative Search Attribution (ISA)',
  summary:
    'Sign-gradient ascent and descent towards 0, normalised by the loss change; the least important k features are removed each round and ranked by round.',
  paper: papers.zhu2024isa,
  defaults: { preset: 'paper', ...presets.paper },
  presets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    k: rule.integer(),
    ascentSteps: rule.integer(),
    descentSteps: rule.integer(),
    learningRate: rule.positive,
    scale: rule.positive,
    noise: rule.nonNegative,
    loss: rule.oneOf(...lossNames, 'probability-cross-entropy'),
    noiseOnRemoved: rule.boolean,
    normPenalty: rule.nonNegative,
    directionMask: rule.boolean,
    ascentMovesRemoved: rule.boolean,
    lossChange: rule.oneOf('phase', 'recorded-steps'),
    rankBy: rule.oneOf('attribution', 'shifted-attribution-times-input'),
    epsilon: rule.nonNegative,
    authorsBugs: rule.subsetOf('last-round'),
  },
  async explain(model, x, options) {
    const o = resolveOptions(isa, options);
    return (await runIsa(model, x, o)).attribution;
  },
};

/** The settings a call runs with: the preset's, overridden by the options given. */
export function resolveIsaOptions(options: Partial<IsaOptions> = {}): IsaSettings {
  const preset = options.preset ?? 'paper';
  const base = presets[preset];
  if (!base) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected preset 'paper' or 'reference-code' for isa but received '${String(preset)}'.`,
    );
  }
  const s = { ...base } as Record<string, unknown>;
  for (const key of Object.keys(base)) {
    const v = (options as Record<string, unknown>)[key];
    if (v !== undefined) s[key] = v;
  }
  const r = s as unknown as IsaSettings;
  checkInteger(r.k, 'k', 1);
  checkInteger(r.ascentSteps, 'ascentSteps', 0);
  checkInteger(r.descentSteps, 'descentSteps', 0);
  if (r.ascentSteps + r.descentSteps === 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      'Expected at least one ascent or descent step for isa but received ascentSteps = descentSteps = 0.',
    );
  }
  checkPositive(r.learningRate, 'learningRate');
  checkPositive(r.scale, 'scale');
  checkNonNegative(r.noise, 'noise');
  checkNonNegative(r.normPenalty, 'normPenalty');
  checkNonNegative(r.epsilon, 'epsilon');
  checkChoice(r.lossChange, 'lossChange', ['phase', 'recorded-steps']);
  checkChoice(r.rankBy, 'rankBy', ['attribution', 'shifted-attribution-times-input']);
  if (!Array.isArray(r.authorsBugs)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected authorsBugs to be an array of ${authorsBugNames.map((b) => `'${b}'`).join(', ')} for isa but received ${String(r.authorsBugs)}.`,
    );
  }
  for (const bug of r.authorsBugs) checkChoice(bug, 'authorsBugs', authorsBugNames);
  return r;
}

export interface IsaResult {
  /** ā · S + round for every feature, shaped like the input. */
  readonly attribution: Tensor;
  /** The round in which each feature was removed (attributed; -1 never), shaped like the input's data. */
  readonly round: Int32Array;
  /** The number of rounds, ceil(n / k). */
  readonly rounds: number;
}

/** ISA with the per-feature round, for tests and for callers that want the removal order. */
export async function runIsa(
  model: Model,
  x: Tensor,
  options: { target: Target; seed?: number; kernels: Kernels } & RunOptions & Partial<IsaOptions>,
): Promise<IsaResult> {
  const s = resolveIsaOptions(options);
  const { batch: B, sampleSize: n } = batchDims(x);
  if (n !== sizeOf(model.inputShape) || x.shape.length !== model.inputShape.length + 1) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an input batch [B, ${model.inputShape.join(', ')}] for isa but received ${formatShape(x.shape)}.`,
    );
  }
  assertFinite(x, 'the input of isa');
  const { kernels } = options;
  const seed = options.seed ?? 0;
  const run: RunOptions = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };

  const targets = await resolveTargets(model, x, options.target, run);

  const k = Math.min(s.k, n);
  const rounds = Math.ceil(n / k);
  // The authors' code removes nothing in a last round shorter than k (their bug, kept on request).
  const runRounds = s.authorsBugs.includes('last-round') && n % k !== 0 ? rounds - 1 : rounds;
  const attribution = new Float32Array(B * n);
  const round = new Int32Array(B * n).fill(-1);
  const alive = new Uint8Array(B * n).fill(1);
  const xRound = Float32Array.from(x.data); // x_0 of the current round: removed features are 0
  const phases = [
    { sign: 1, steps: s.ascentSteps },
    { sign: -1, steps: s.descentSteps },
  ] as const;
  const maxSteps = Math.max(s.ascentSteps, s.descentSteps);
  const recorded = s.lossChange === 'recorded-steps';

  for (let g = 0; g < runRounds; g++) {
    const total = new Float64Array(B * n); // Ā
    let ce0: Float64Array | undefined; // L(x_0) without the norm term, for lossChange 'phase'
    if (s.noise > 0 && !recorded) {
      throwIfAborted(run.signal);
      ce0 = isaLoss(s.loss).value(
        await forwardBatched(model, { data: xRound, shape: x.shape }, run),
        targets,
      );
    }
    for (let p = 0; p < phases.length; p++) {
      const { sign, steps } = phases[p]!;
      if (steps === 0) continue;
      // The norm term enters ascent as -lambda·||x|| and descent as +lambda·||x||.
      const penalty = -sign * s.normPenalty;
      const moves = sign > 0 && s.ascentMovesRemoved ? null : alive;
      const xt = Float32Array.from(xRound);
      const acc = new Float64Array(B * n); // A_a or A_d
      let first: Float64Array | undefined;
      let last: Float64Array | undefined;
      for (let t = 0; t < steps; t++) {
        throwIfAborted(run.signal);
        let input: Float32Array = xt;
        if (s.noise > 0) {
          const stream = 1 + (g * 2 + p) * maxSteps + t;
          const z = await kernels.random({ distribution: 'normal', shape: [n], seed, stream });
          input = Float32Array.from(xt);
          for (let b = 0; b < B; b++) {
            for (let i = 0; i < n; i++) {
              if (s.noiseOnRemoved || alive[b * n + i]) input[b * n + i]! += s.noise * z.data[i]!;
            }
          }
        }
        const { value, grad } = await lossGradient(
          model,
          { data: input, shape: x.shape },
          isaLoss(s.loss),
          targets,
          run,
        );
        if (penalty !== 0) addNormTerm(value, grad.data, xt, penalty, B, n);
        if (t === 0) first = value;
        last = value;
        for (let j = 0; j < B * n; j++) {
          if (moves && !moves[j]) continue;
          const gj = grad.data[j]!;
          const step = sign * Math.sign(gj);
          // Eq. 2 applied to this phase's step: move only towards 0.
          if (s.directionMask && step * Math.sign(xt[j]!) >= 0) continue;
          const dx = s.learningRate * step;
          acc[j]! += dx * gj;
          xt[j]! += dx;
        }
      }
      throwIfAborted(run.signal);
      let loss0 = first!;
      let lossT = last!;
      if (!recorded) {
        lossT = isaLoss(s.loss).value(
          await forwardBatched(model, { data: xt, shape: x.shape }, run),
          targets,
        );
        if (ce0) loss0 = Float64Array.from(ce0);
        if (penalty !== 0) {
          if (ce0) addNormTerm(loss0, null, xRound, penalty, B, n);
          addNormTerm(lossT, null, xt, penalty, B, n);
        }
      }
      for (let b = 0; b < B; b++) {
        const dL = lossT[b]! - loss0[b]!;
        if (!(Math.abs(dL) > minLossChange) || !Number.isFinite(dL)) continue;
        for (let i = b * n; i < (b + 1) * n; i++) total[i]! += acc[i]! / dL;
      }
    }
    for (let b = 0; b < B; b++) {
      const score = rankingScores(total, x.data, b * n, n, s.rankBy);
      const removed = smallestAlive(score, alive, b * n, n, k);
      const a = normaliseBand(
        removed.map((i) => score[i]!),
        s.epsilon,
      );
      removed.forEach((i, j) => {
        attribution[i] = a[j]! * s.scale + g;
        round[i] = g;
        alive[i] = 0;
        xRound[i] = 0;
      });
    }
    options.onProgress?.({ phase: 'round', done: g + 1, total: rounds });
  }
  return { attribution: { data: attribution, shape: [...x.shape] }, round, rounds };
}

/**
 * Adds penalty·||x_b||_2 to each sample's loss and, when `grad` is given, its gradient
 * penalty·x_b/||x_b|| (0 at x_b = 0, as torch's norm backward gives).
 */
function addNormTerm(
  value: Float64Array,
  grad: Float32Array | null,
  x: Float32Array,
  penalty: number,
  B: number,
  n: number,
): void {
  for (let b = 0; b < B; b++) {
    let sq = 0;
    for (let i = b * n; i < (b + 1) * n; i++) sq += x[i]! * x[i]!;
    const norm = Math.sqrt(sq);
    value[b]! += penalty * norm;
    if (!grad || norm === 0) continue;
    for (let i = b * n; i < (b + 1) * n; i++) grad[i]! += (penalty * x[i]!) / norm;
  }
}

/** Ā itself, or the code's |(Ā + min Ā)·x| with the minimum over all of the sample's features. */
function rankingScores(
  total: Float64Array,
  x: ArrayLike<number>,
  start: number,
  n: number,
  rankBy: IsaSettings['rankBy'],
): Float64Array {
  if (rankBy === 'attribution') return total;
  let lo = Number.POSITIVE_INFINITY;
  for (let i = start; i < start + n; i++) lo = Math.min(lo, total[i]!);
  const out = new Float64Array(total.length);
  for (let i = start; i < start + n; i++) out[i] = Math.abs((total[i]! + lo) * x[i]!);
  return out;
}

/** Eq. 9: min-max; with epsilon > 0 the code's (a - min)/(max(a - min) + epsilon). */
function normaliseBand(values: number[], epsilon: number): Float64Array {
  if (epsilon === 0) return minMaxNormalize(values);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return Float64Array.from(values, (v) => (v - lo) / (hi - lo + epsilon));
}

/** Indices (absolute) of the k smallest values among the live features of one sample; ties by index. */
function smallestAlive(
  values: Float64Array,
  alive: Uint8Array,
  start: number,
  n: number,
  k: number,
): number[] {
  const live: number[] = [];
  for (let i = start; i < start + n; i++) if (alive[i]) live.push(i);
  live.sort((a, b) => values[a]! - values[b]! || a - b);
  return live.slice(0, k);
}

function checkInteger(v: number, what: string, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be an integer >= ${min} for isa but received ${v}.`,
    );
  }
}

function checkNonNegative(v: number, what: string): void {
  if (!(v >= 0) || !Number.isFinite(v)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite ${what} >= 0 for isa but received ${v}.`,
    );
  }
}

function checkChoice(v: unknown, what: string, choices: readonly string[]): void {
  if (!choices.includes(v as string)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be one of ${choices.map((c) => `'${c}'`).join(', ')} for isa but received ${JSON.stringify(v)}.`,
    );
  }
}

function checkPositive(v: number, what: string): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be a finite number > 0 for isa but received ${v}.`,
    );
  }
}
