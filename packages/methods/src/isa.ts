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
 * Presets (`preset`):
 * - `'paper'` (default): section 5.3, k = 5000, T1 = T2 = 8, eta = 0.002, S = 1.1, no noise,
 *   L = cross-entropy of the target on the logits (Algorithm 1 names only "loss function L").
 * - `'reference-code'`: the constants of the authors' public code: eta = 0.004, S = 1.3 (the
 *   values of the ablations in section 5.6), Gaussian noise of standard deviation 0.05 added to
 *   the input at each inner step before the gradient, and the cross-entropy applied to the
 *   model's softmax output (-log softmax(softmax(z))_t, the code wraps the model in a softmax),
 *   without the code's two bugs: any batch size works (each sample is searched on its own), and
 *   the last round, which holds fewer than k features when k does not divide n, is attributed
 *   like the others (its features are not left at 0).
 * Any option given explicitly overrides the preset.
 *
 * k: the paper removes 5000 of the 224·224·3 = 150528 features per round (about 30 rounds,
 * 480 gradient passes). For other input sizes set `k` yourself; about n / 30 keeps the paper's
 * number of rounds. k larger than n means one round.
 *
 * Choices where the paper is silent: when a phase's loss does not change (|ΔL| ≤ 1e-12) its
 * Ā is 0, as there is nothing to normalise by; a round whose removed features all have the same
 * Ā (one feature, or ties only) gives them ā = 1, the top of their band; ties in Ā are removed
 * in index order; the noise of the reference-code preset touches only features not yet removed
 * (removed ones stay unseen, at 0) and is the same draw for every sample of a batch (keyed by
 * seed, round, phase and step), so a sample's map does not depend on its batch.
 *
 * Model passes per batch (fitting one call): ceil(n/k)(T1 + T2) gradient passes (vjp; losses
 * other than `'logit'` also run the model forward first to get their cotangent), plus two loss
 * evaluations per round (L at the end of each phase), plus one per round for L(x_0) when
 * there is noise (without noise it comes from the first gradient pass), plus one forward pass
 * to resolve `target: 'predicted'`.
 */
import {
  type AttributionMethod,
  assertFinite,
  batchDims,
  evaluateLoss,
  formatShape,
  jsKernels,
  type Kernels,
  type LossName,
  type LossResult,
  lossNames,
  type Model,
  mapBatches,
  oneHotRows,
  planBatches,
  type RunOptions,
  resolveOptions,
  resolveTargets,
  rule,
  sizeOf,
  sliceBatch,
  softmaxRows,
  type Target,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { minMaxNormalize } from './min-max.js';
import { zhu2024isa } from './papers-search.js';

/** The loss L of ISA: any core loss, or cross-entropy on softmax outputs (the authors' code). */
export type IsaLoss = LossName | 'probability-cross-entropy';

export interface IsaOptions {
  /** The paper's constants (section 5.3) or the authors' code's (see the doc comment). */
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
  /** The loss L (paper: cross-entropy; reference code: cross-entropy on softmax outputs). */
  readonly loss: IsaLoss;
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
    loss: 'cross-entropy',
  },
  'reference-code': {
    k: 5000,
    ascentSteps: 8,
    descentSteps: 8,
    learningRate: 0.004,
    scale: 1.3,
    noise: 0.05,
    loss: 'probability-cross-entropy',
  },
};

/** A phase's loss change at or below this counts as no change (its Ā is then 0). */
const minLossChange = 1e-12;

export const isa: AttributionMethod<IsaOptions> = {
  name: 'isa',
  title: 'Iterative Search Attribution (ISA)',
  summary:
    'Sign-gradient ascent and descent towards 0, normalised by the loss change; the least important k features are removed each round and ranked by round.',
  paper: zhu2024isa,
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
  const s: IsaSettings = {
    k: options.k ?? base.k,
    ascentSteps: options.ascentSteps ?? base.ascentSteps,
    descentSteps: options.descentSteps ?? base.descentSteps,
    learningRate: options.learningRate ?? base.learningRate,
    scale: options.scale ?? base.scale,
    noise: options.noise ?? base.noise,
    loss: options.loss ?? base.loss,
  };
  checkInteger(s.k, 'k', 1);
  checkInteger(s.ascentSteps, 'ascentSteps', 0);
  checkInteger(s.descentSteps, 'descentSteps', 0);
  if (s.ascentSteps + s.descentSteps === 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      'Expected at least one ascent or descent step for isa but received ascentSteps = descentSteps = 0.',
    );
  }
  checkPositive(s.learningRate, 'learningRate');
  checkPositive(s.scale, 'scale');
  if (!(s.noise >= 0) || !Number.isFinite(s.noise)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite noise >= 0 for isa but received ${s.noise}.`,
    );
  }
  return s;
}

export interface IsaResult {
  /** ā · S + round for every feature, shaped like the input. */
  readonly attribution: Tensor;
  /** The round in which each feature was removed (attributed), shaped like the input's data. */
  readonly round: Int32Array;
  /** The number of rounds, ceil(n / k). */
  readonly rounds: number;
}

/** ISA with the per-feature round, for tests and for callers that want the removal order. */
export async function runIsa(
  model: Model,
  x: Tensor,
  options: { target: Target; seed?: number; kernels?: Kernels } & RunOptions & Partial<IsaOptions>,
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
  const kernels = options.kernels ?? jsKernels;
  const seed = options.seed ?? 0;
  const run: RunOptions = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };

  let targets: Int32Array;
  if (options.target === 'predicted') {
    const logits = await forwardBatched(model, x, run);
    targets = resolveTargets('predicted', B, model.numClasses, logits);
  } else {
    targets = resolveTargets(options.target, B, model.numClasses);
  }

  const k = Math.min(s.k, n);
  const rounds = Math.ceil(n / k);
  const attribution = new Float32Array(B * n);
  const round = new Int32Array(B * n).fill(-1);
  const alive = new Uint8Array(B * n).fill(1);
  const xRound = Float32Array.from(x.data); // x_0 of the current round: removed features are 0
  const phases = [
    { sign: 1, steps: s.ascentSteps },
    { sign: -1, steps: s.descentSteps },
  ] as const;
  const maxSteps = Math.max(s.ascentSteps, s.descentSteps);

  for (let g = 0; g < rounds; g++) {
    const total = new Float64Array(B * n); // Ā
    let loss0: Float64Array | undefined;
    if (s.noise > 0) {
      throwIfAborted(run.signal);
      loss0 = await lossValues(model, { data: xRound, shape: x.shape }, s.loss, targets, run);
    }
    for (let p = 0; p < phases.length; p++) {
      const { sign, steps } = phases[p]!;
      if (steps === 0) continue;
      const xt = Float32Array.from(xRound);
      const acc = new Float64Array(B * n); // A_a or A_d
      for (let t = 0; t < steps; t++) {
        throwIfAborted(run.signal);
        let input: Float32Array = xt;
        if (s.noise > 0) {
          const stream = 1 + (g * 2 + p) * maxSteps + t;
          const z = await kernels.random({ distribution: 'normal', shape: [n], seed, stream });
          input = Float32Array.from(xt);
          for (let b = 0; b < B; b++) {
            for (let i = 0; i < n; i++) {
              if (alive[b * n + i]) input[b * n + i]! += s.noise * z.data[i]!;
            }
          }
        }
        const { value, grad } = await gradientOf(
          model,
          { data: input, shape: x.shape },
          s.loss,
          targets,
          run,
        );
        if (t === 0 && !loss0) loss0 = value;
        for (let j = 0; j < B * n; j++) {
          if (!alive[j]) continue;
          const gj = grad.data[j]!;
          const step = sign * Math.sign(gj);
          // Eq. 2 applied to this phase's step: move only towards 0.
          if (step * Math.sign(xt[j]!) >= 0) continue;
          const dx = s.learningRate * step;
          acc[j]! += dx * gj;
          xt[j]! += dx;
        }
      }
      throwIfAborted(run.signal);
      const lossT = await lossValues(model, { data: xt, shape: x.shape }, s.loss, targets, run);
      for (let b = 0; b < B; b++) {
        const dL = lossT[b]! - loss0![b]!;
        if (!(Math.abs(dL) > minLossChange) || !Number.isFinite(dL)) continue;
        for (let i = b * n; i < (b + 1) * n; i++) total[i]! += acc[i]! / dL;
      }
    }
    for (let b = 0; b < B; b++) {
      const removed = smallestAlive(total, alive, b * n, n, k);
      const a = minMaxNormalize(removed.map((i) => total[i]!));
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

/** Loss value and gradient per sample, computed under the memory bound. */
async function gradientOf(
  model: Model,
  x: Tensor,
  loss: IsaLoss,
  targets: Int32Array,
  run: RunOptions,
): Promise<{ value: Float64Array; grad: Tensor }> {
  const { batch, sampleSize } = batchDims(x);
  const value = new Float64Array(batch);
  const grad = new Float32Array(x.data.length);
  for (const [s, e] of planBatches(batch, sampleSize * 4, run)) {
    throwIfAborted(run.signal);
    const chunk = sliceBatch(x, s, e);
    const t = targets.subarray(s, e);
    const cotangent =
      loss === 'logit'
        ? oneHotRows(t, model.numClasses)
        : evaluateIsaLoss(loss, await model.forward(chunk), t).grad;
    const out = await model.vjp(chunk, cotangent);
    value.set(evaluateIsaLoss(loss, out.logits, t).value, s);
    grad.set(out.grad.data, s * sampleSize);
  }
  return { value, grad: { data: grad, shape: [...x.shape] } };
}

/** Logits of a batch, computed in chunks under the memory bound. */
function forwardBatched(model: Model, x: Tensor, run: RunOptions): Promise<Tensor> {
  return mapBatches(x, (chunk) => model.forward(chunk), run);
}

async function lossValues(
  model: Model,
  x: Tensor,
  loss: IsaLoss,
  targets: Int32Array,
  run: RunOptions,
): Promise<Float64Array> {
  return evaluateIsaLoss(loss, await forwardBatched(model, x, run), targets).value;
}

/**
 * A core loss, or 'probability-cross-entropy': L = -log softmax(p)_t with p = softmax(z), whose
 * gradient on the logits is J_softmax(z)ᵀ (q - e_t) = p ⊙ u - p (pᵀu) with q = softmax(p),
 * u = q - e_t.
 */
export function evaluateIsaLoss(loss: IsaLoss, logits: Tensor, targets: Int32Array): LossResult {
  if (loss !== 'probability-cross-entropy') return evaluateLoss(loss, logits, targets);
  const [B, K] = logits.shape as [number, number];
  const p = softmaxRows(logits.data, B, K);
  const q = new Float64Array(B * K);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let c = 0; c < K; c++) sum += q[b * K + c] = Math.exp(p[b * K + c]!); // p in [0, 1]: no overflow
    for (let c = 0; c < K; c++) q[b * K + c]! /= sum;
  }
  const value = new Float64Array(B);
  const grad = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    const o = b * K;
    const t = targets[b]!;
    value[b] = -Math.log(q[o + t]!);
    let pu = 0;
    for (let c = 0; c < K; c++) pu += p[o + c]! * (q[o + c]! - (c === t ? 1 : 0));
    for (let c = 0; c < K; c++) {
      grad[o + c] = p[o + c]! * (q[o + c]! - (c === t ? 1 : 0)) - p[o + c]! * pu;
    }
  }
  return { value, grad: { data: grad, shape: [B, K] } };
}

function checkInteger(v: number, what: string, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be an integer >= ${min} for isa but received ${v}.`,
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
