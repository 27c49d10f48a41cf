/**
 * The engine shared by CAFO, CASO, SmoothCAFO and SmoothCASO (Singla, Wallace, Feng and
 * Feizi, "Understanding Impacts of High-Order Loss Approximations and Features in Deep
 * Learning Interpretation", ICML 2019). For each sample it maximises over the perturbation
 * Delta, with l the cross-entropy of the target class:
 *
 *   eq. 3 (CAFO)  grad l(x)^T Delta                        - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2
 *   eq. 5 (CASO)  grad l(x)^T Delta + 1/2 Delta^T H_x Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2
 *   eq. 8 (Smooth) the same with gradient and Hessian averaged over z = x + N(0, sigma^2 I)
 *
 * as the minimisation of f = -(smooth part) plus h = lambda1 ||.||_1 by FISTA with
 * backtracking and the soft-threshold proximal step (section 4), from Delta = 0. H_x Delta
 * comes from Hessian-vector products (`gaussNewtonHvp`: J^T (diag p - p p^T) J v, exact
 * for piecewise-linear networks, which is the paper's closed form W (diag p - p p^T) W^T;
 * or `finiteDifferenceHvp`). lambda2 = L/2 + c1 with L the top Hessian eigenvalue by power
 * iteration (Theorem 3 and section 3.2, c1 = 10, also for CAFO), and lambda1 is chosen per
 * sample by the sparsity sweep of section 4.1. Every model call is batched across samples,
 * lambda1 values and noise draws.
 *
 * Cost (model calls when each batch fits one call under the memory bound; B samples, n
 * noisy copies, P power iterations): the gradient, 1 forward + 1 vjp over B n rows (+1
 * forward to resolve `target: 'predicted'`); lambda2 = 'auto', P Hessian-vector products
 * (Gauss-Newton: 1 jvp + 1 vjp each, over B n rows); FISTA, for CASO and SmoothCASO only,
 * one HVP per call of the smooth part except the first (at Delta = 0, where H 0 = 0 needs no
 * model): sum over runs of (iterations + backtracking rounds), the runs being one batched
 * run for all samples and all lambda1 decades of the sweep and, when a sample needs it, one
 * for the halvings (`runContextAware` reports them in `fistaRuns`). CAFO and SmoothCAFO
 * need no model call in FISTA: their cost is 1 + P vjp and P jvp whatever the sweep does.
 * The finite-difference HVP costs 2 forward + 2 vjp per product instead of 1 jvp + 1 vjp.
 */
import {
  type ExplainContext,
  finiteDifferenceHvp,
  gaussNewtonHvp,
  jsKernels,
  type Kernels,
  lossGradient,
  type Model,
  mapBatches,
  type OptionRules,
  planBatches,
  resolveTargets,
  rule,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { type FistaResult, fista } from '../optim/fista.js';
import { powerIteration } from '../optim/power-iteration.js';
import { separableFista } from '../optim/separable-fista.js';
import { softThreshold } from '../optim/soft-threshold.js';

/** The options of the four methods; defaults from Singla et al. 2019, appendix G. */
export interface ContextAwareOptions {
  /** L1 weight: `'sweep'` picks it per sample by the sparsity rule of section 4.1; a number fixes it. */
  readonly lambda1: number | 'sweep';
  /** L2 weight: `'auto'` is L/2 + c1 with L the top Hessian eigenvalue (Theorem 3); a number fixes it. */
  readonly lambda2: number | 'auto';
  /** The margin c1 of lambda2 = L/2 + c1 (section 3.2: 10, the "lambda2 threshold" 20 = 2 c1 of Table 3). */
  readonly c1: number;
  /** Power-method iterations for L (Table 3: 10). */
  readonly powerIterations: number;
  /** FISTA iterations per lambda1 (Table 3: 10). */
  readonly iterations: number;
  /** FISTA's initial step, the learning rate (section 4: 0.1). */
  readonly step: number;
  /** Backtracking factor on the step (Table 3: 0.5). */
  readonly decay: number;
  /** Use monotone FISTA (MFISTA) instead of FISTA (the paper uses FISTA). */
  readonly monotone: boolean;
  /** First lambda1 of the sweep (section 4.1: 1e-5). */
  readonly lambda1Start: number;
  /** Factor between the sweep's lambda1 values (section 4.1: 10). */
  readonly lambda1Factor: number;
  /** Most lambda1 values tried before the all-zero one (a guard; 12 decades reach 1e7). */
  readonly maxLambda1Steps: number;
  /** Accepted sparsity ratios [low, high) (section 4.1: 0.75 <= eta < 1). */
  readonly sparsityRange: readonly [number, number];
  /** Halvings of the first all-zero lambda1 tried when no decade fits the range (3 span the decade). */
  readonly halvings: number;
  /** Hessian-vector products: Gauss-Newton (exact for ReLU networks) or central differences of gradients. */
  readonly hvp: 'gauss-newton' | 'finite-difference';
  /** Step of the finite-difference HVP. */
  readonly finiteDifferenceStep: number;
  /** Noisy copies per sample: 1 (no averaging) for CAFO and CASO, n for the smooth variants. */
  readonly samples: number;
  /** Standard deviation of the Gaussian noise added to the input (eq. 8: sigma = 0.15, in input units). */
  readonly sigma: number;
  /** `'delta'`: the signed perturbation Delta; `'normalized'`: appendix D's map in [0, 1], repeated over channels. */
  readonly output: 'delta' | 'normalized';
  /** The kernels that draw the noise and combine the HVPs (default `jsKernels`). */
  readonly kernels?: Kernels;
}

export const contextAwareDefaults: Omit<ContextAwareOptions, 'kernels'> = {
  lambda1: 'sweep',
  lambda2: 'auto',
  c1: 10,
  powerIterations: 10,
  iterations: 10,
  step: 0.1,
  decay: 0.5,
  monotone: false,
  lambda1Start: 1e-5,
  lambda1Factor: 10,
  maxLambda1Steps: 12,
  sparsityRange: [0.75, 1],
  halvings: 3,
  hvp: 'gauss-newton',
  finiteDifferenceStep: 1e-3,
  samples: 1,
  sigma: 0,
  output: 'delta',
};

/** The rules of the options every context-aware method shares (see `resolveOptions`). */
export const contextAwareRules: OptionRules<Omit<ContextAwareOptions, 'kernels'>> = {
  lambda1: { type: 'number', min: 0, oneOf: ['sweep'] },
  lambda2: { type: 'number', min: 0, oneOf: ['auto'] },
  c1: rule.positive,
  powerIterations: rule.integer(),
  iterations: rule.integer(),
  step: rule.positive,
  decay: { type: 'number', greaterThan: 0, max: 1 },
  monotone: rule.boolean,
  lambda1Start: rule.positive,
  lambda1Factor: { type: 'number', greaterThan: 1 },
  maxLambda1Steps: rule.integer(),
  sparsityRange: rule.numbers(0, 1),
  halvings: rule.integer(0),
  hvp: rule.oneOf('gauss-newton', 'finite-difference'),
  finiteDifferenceStep: rule.positive,
  samples: rule.integer(),
  sigma: rule.nonNegative,
  output: rule.oneOf('delta', 'normalized'),
};

/** The counter-based streams of this family's draws. */
const NOISE_STREAM = 2019_0001;
const POWER_STREAM = 2019_0002;

/** The order of the objective: 1 for CAFO (eq. 3), 2 for CASO (eq. 5). */
export type ObjectiveOrder = 1 | 2;

/** The per-sample data of the objective: averaged gradients and Hessian products. */
export interface ContextAwareProblem {
  readonly batch: number;
  /** Features per sample. */
  readonly dim: number;
  readonly order: ObjectiveOrder;
  readonly targets: Int32Array;
  /** The gradient of the cross-entropy per sample (averaged over the noisy copies). */
  readonly gradients: readonly Float64Array[];
  /** `H_s v_i` for `s = samples[i]` (averaged over the noisy copies), batched in model calls. */
  hessianProducts(
    samples: readonly number[],
    directions: readonly Float64Array[],
  ): Promise<Float64Array[]>;
}

type RunContext = Pick<
  ExplainContext,
  'signal' | 'onProgress' | 'maxBatchSize' | 'memoryLimitBytes' | 'target' | 'seed'
>;

/**
 * Resolves the targets, draws the noisy copies and computes the averaged gradients; the
 * returned problem computes the averaged Hessian products on demand.
 */
export async function prepareContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: RunContext & Partial<ContextAwareOptions>,
): Promise<ContextAwareProblem> {
  const o = { ...contextAwareDefaults, ...stripUndefined(options) };
  const kernels = options.kernels ?? jsKernels;
  const seed = options.seed ?? 0;
  checkInput(model, x);
  checkCount(o.samples, 'the number of noisy samples');
  if (!(o.sigma >= 0) || !Number.isFinite(o.sigma)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-negative finite sigma but received ${o.sigma}.`,
    );
  }
  const batch = x.shape[0]!;
  const D = x.data.length / Math.max(1, batch);
  const n = o.samples;
  const run = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const targets =
    options.target === 'predicted'
      ? resolveTargets(
          'predicted',
          batch,
          model.numClasses,
          await mapBatches(x, (c) => model.forward(c), run),
        )
      : resolveTargets(options.target, batch, model.numClasses);

  // The points z_{s,i} = x_s + sigma * noise, n rows per sample; x itself when there is no noise.
  let points = x;
  if (n > 1 || o.sigma > 0) {
    const data = new Float32Array(batch * n * D);
    const noise =
      o.sigma > 0
        ? await kernels.random({
            distribution: 'normal',
            shape: [batch * n, D],
            seed,
            stream: NOISE_STREAM,
          })
        : undefined;
    for (let s = 0; s < batch; s++) {
      for (let i = 0; i < n; i++) {
        const row = (s * n + i) * D;
        for (let j = 0; j < D; j++) {
          data[row + j] = x.data[s * D + j]! + (noise ? o.sigma * noise.data[row + j]! : 0);
        }
      }
    }
    points = { data, shape: [batch * n, ...x.shape.slice(1)] };
  }
  const rowTargets = new Int32Array(batch * n);
  for (let s = 0; s < batch; s++) rowTargets.fill(targets[s]!, s * n, (s + 1) * n);

  throwIfAborted(options.signal);
  const { grad } = await lossGradient(model, points, 'cross-entropy', rowTargets, run);
  const gradients = Array.from({ length: batch }, (_, s) => averageRows(grad.data, s * n, n, D));

  const hessianProducts = async (
    samples: readonly number[],
    directions: readonly Float64Array[],
  ): Promise<Float64Array[]> => {
    const out: Float64Array[] = directions.map((v) => new Float64Array(v.length));
    // H 0 = 0: only nonzero directions reach the model.
    const live = samples.map((_, i) => i).filter((i) => directions[i]!.some((v) => v !== 0));
    for (const [a, b] of planBatches(live.length, n * D * 4 * 3, run)) {
      throwIfAborted(options.signal);
      const chunk = live.slice(a, b);
      const rows = chunk.length * n;
      const xs = new Float32Array(rows * D);
      const vs = new Float32Array(rows * D);
      const ts = new Int32Array(rows);
      chunk.forEach((i, c) => {
        const s = samples[i]!;
        const dir = directions[i]!;
        for (let r = 0; r < n; r++) {
          const row = (c * n + r) * D;
          xs.set(points.data.subarray((s * n + r) * D, (s * n + r + 1) * D), row);
          for (let j = 0; j < D; j++) vs[row + j] = dir[j]!;
          ts[c * n + r] = targets[s]!;
        }
      });
      const shape = [rows, ...x.shape.slice(1)];
      const X = { data: xs, shape };
      const V = { data: vs, shape };
      const hv =
        o.hvp === 'finite-difference'
          ? (
              await finiteDifferenceHvp(model, X, V, 'cross-entropy', ts, {
                ...run,
                kernels,
                step: o.finiteDifferenceStep,
              })
            ).hv
          : (await gaussNewtonHvp(model, X, V, { ...run, kernels })).hv;
      chunk.forEach((i, c) => {
        out[i] = averageRows(hv.data, c * n, n, D);
      });
    }
    return out;
  };

  return { batch, dim: D, order, targets, gradients, hessianProducts };
}

/**
 * lambda2 per sample: a fixed number, or L/2 + c1 with L the top eigenvalue of the
 * (averaged) Hessian by power iteration from seeded normal start vectors. |L| is used so
 * that a dominant negative eigenvalue (possible with finite differences on smooth networks)
 * still leaves the objective concave.
 */
export async function chooseLambda2(
  problem: ContextAwareProblem,
  options: RunContext & Partial<ContextAwareOptions>,
): Promise<Float64Array> {
  const o = { ...contextAwareDefaults, ...stripUndefined(options) };
  const { batch, dim } = problem;
  if (o.lambda2 !== 'auto') {
    if (!(o.lambda2 > 0) || !Number.isFinite(o.lambda2)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected lambda2 to be 'auto' or a positive finite number but received ${o.lambda2}.`,
      );
    }
    return new Float64Array(batch).fill(o.lambda2);
  }
  const kernels = options.kernels ?? jsKernels;
  const draws = await kernels.random({
    distribution: 'normal',
    shape: [batch, dim],
    seed: options.seed ?? 0,
    stream: POWER_STREAM,
  });
  const start = Array.from({ length: batch }, (_, s) =>
    Float64Array.from(draws.data.subarray(s * dim, (s + 1) * dim)),
  );
  const samples = start.map((_, s) => s);
  const { eigenvalues } = await powerIteration(
    (vs) => problem.hessianProducts(samples, vs),
    start,
    {
      iterations: o.powerIterations,
      signal: options.signal,
      onIteration: (done, total) => options.onProgress?.({ phase: 'power-iteration', done, total }),
    },
  );
  return eigenvalues.map((L) => Math.abs(L) / 2 + o.c1);
}

/**
 * The objective of eq. 3, 5 or 8 at `deltas` (one per sample), through Hessian-vector
 * products: `g^T D + 1/2 D^T H D - lambda1 ||D||_1 - lambda2 ||D||^2` (no Hessian term for order 1).
 */
export async function contextAwareObjective(
  problem: ContextAwareProblem,
  deltas: readonly Float64Array[],
  lambda1: ArrayLike<number>,
  lambda2: ArrayLike<number>,
): Promise<Float64Array> {
  const samples = deltas.map((_, s) => s);
  const hd = problem.order === 2 ? await problem.hessianProducts(samples, deltas) : undefined;
  return Float64Array.from(deltas, (d, s) => {
    let lin = 0;
    let quad = 0;
    let l1 = 0;
    let l2 = 0;
    const g = problem.gradients[s]!;
    for (let j = 0; j < d.length; j++) {
      lin += g[j]! * d[j]!;
      if (hd) quad += d[j]! * hd[s]![j]!;
      l1 += Math.abs(d[j]!);
      l2 += d[j]! * d[j]!;
    }
    return lin + 0.5 * quad - lambda1[s]! * l1 - lambda2[s]! * l2;
  });
}

/** One solution of the sweep: its lambda1, Delta, sparsity ratio and smooth objective g(Delta). */
export interface SweepCandidate {
  readonly lambda1: number;
  readonly delta: Float64Array;
  readonly sparsity: number;
  /** The smooth part of the objective, g(Delta) (the paper's "smooth objective loss"). */
  readonly loss: number;
}

export interface ContextAwareResult {
  /** The selected Delta per sample. */
  readonly deltas: Float64Array[];
  readonly lambda1: Float64Array;
  readonly lambda2: Float64Array;
  /** Every solution computed per sample, in the order tried. */
  readonly candidates: SweepCandidate[][];
  /**
   * The FISTA runs, in order (one with a fixed lambda1; with the sweep, one for the decades
   * and one for the halvings when some sample needs them): the problems each solved
   * together, how many times each called the smooth part (`FistaResult.calls`) and its
   * backtracking rounds. Jobs whose lambda1 zeroes Delta (lambda1 >= ||g||_inf) are not run.
   */
  readonly fistaRuns: ReadonlyArray<FistaRun>;
  /** Power iterations run for lambda2 (0 when lambda2 is fixed). */
  readonly powerIterations: number;
}

/** One batched FISTA run of `solveContextAware`, for the pass count. */
export interface FistaRun {
  /** (sample, lambda1) problems solved together. */
  readonly problems: number;
  /** Calls of the smooth part; each is at most one batched HVP (order 2), none at Delta = 0. */
  readonly calls: number;
  readonly backtrackRounds: number;
}

/**
 * Solves the objective for every sample: with a fixed lambda1, one FISTA run; with
 * `'sweep'`, the rule of section 4.1 (see `selectLambda1`).
 */
export async function solveContextAware(
  problem: ContextAwareProblem,
  sampleShape: readonly number[],
  options: RunContext & Partial<ContextAwareOptions>,
): Promise<ContextAwareResult> {
  const o = { ...contextAwareDefaults, ...stripUndefined(options) };
  checkCount(o.iterations, 'the number of FISTA iterations');
  const lambda2 = await chooseLambda2(problem, options);
  const { batch } = problem;
  const candidates: SweepCandidate[][] = Array.from({ length: batch }, () => []);
  const fistaRuns: FistaRun[] = [];
  const powerIterations = o.lambda2 === 'auto' ? o.powerIterations : 0;

  let round = 0;
  const solve = async (jobs: ReadonlyArray<{ sample: number; lambda1: number }>) => {
    round++;
    // Lambda1 at or above ||g||_inf makes Delta = 0 optimal (and FISTA from 0 stays there).
    const zero = jobs.map((j) => j.lambda1 >= maxAbs(problem.gradients[j.sample]!));
    const live = jobs.filter((_, i) => !zero[i]);
    const solved =
      live.length > 0 ? await runFista(problem, live, lambda2, o, options, round, fistaRuns) : [];
    let k = 0;
    jobs.forEach((job, i) => {
      const found = zero[i] ? { delta: new Float64Array(problem.dim), loss: 0 } : solved[k++]!;
      const { delta, loss } = found;
      candidates[job.sample]!.push({
        lambda1: job.lambda1,
        delta,
        sparsity: sparsityRatio(delta, sampleShape),
        loss,
      });
    });
  };

  if (o.lambda1 !== 'sweep') {
    if (!(o.lambda1 >= 0) || !Number.isFinite(o.lambda1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected lambda1 to be 'sweep' or a non-negative finite number but received ${o.lambda1}.`,
      );
    }
    const l1 = o.lambda1;
    await solve(Array.from({ length: batch }, (_, s) => ({ sample: s, lambda1: l1 })));
    return {
      deltas: candidates.map((c) => c[0]!.delta),
      lambda1: new Float64Array(batch).fill(l1),
      lambda2,
      candidates,
      fistaRuns,
      powerIterations,
    };
  }

  // The decades lambda1Start * factor^k up to the first one that zeroes Delta.
  const [low, high] = o.sparsityRange;
  const firstZero = new Float64Array(batch);
  const decades: Array<{ sample: number; lambda1: number }> = [];
  for (let s = 0; s < batch; s++) {
    const gInf = maxAbs(problem.gradients[s]!);
    let l = o.lambda1Start;
    for (let k = 0; k < o.maxLambda1Steps && l < gInf; k++) {
      decades.push({ sample: s, lambda1: l });
      l *= o.lambda1Factor;
    }
    firstZero[s] = l;
    decades.push({ sample: s, lambda1: l });
  }
  options.onProgress?.({ phase: 'lambda1', done: 0, total: decades.length });
  await solve(decades);
  options.onProgress?.({ phase: 'lambda1', done: decades.length, total: decades.length });

  const fits = (c: SweepCandidate) => c.sparsity >= low && c.sparsity < high;
  const halvingJobs: Array<{ sample: number; lambda1: number }> = [];
  for (let s = 0; s < batch; s++) {
    if (candidates[s]!.some(fits)) continue;
    for (let h = 1; h <= o.halvings; h++)
      halvingJobs.push({ sample: s, lambda1: firstZero[s]! / 2 ** h });
  }
  if (halvingJobs.length > 0) {
    const total = decades.length + halvingJobs.length;
    await solve(halvingJobs);
    options.onProgress?.({ phase: 'lambda1', done: total, total });
  }

  const chosen = candidates.map((c) => selectCandidate(c, low, high));
  return {
    deltas: chosen.map((c) => c.delta),
    lambda1: Float64Array.from(chosen, (c) => c.lambda1),
    lambda2,
    candidates,
    fistaRuns,
    powerIterations,
  };
}

/**
 * The rule of section 4.1: among solutions with sparsity in [low, high), the one of highest
 * loss g(Delta). With none in range (after the halvings), the sparsest solution that is
 * not all zero; zeros only when every solution is zero.
 */
export function selectCandidate(
  candidates: readonly SweepCandidate[],
  low: number,
  high: number,
): SweepCandidate {
  let best: SweepCandidate | undefined;
  for (const c of candidates) {
    if (c.sparsity >= low && c.sparsity < high && (!best || c.loss > best.loss)) best = c;
  }
  if (best) return best;
  for (const c of candidates) {
    if (c.sparsity < 1 && (!best || c.sparsity > best.sparsity)) best = c;
  }
  return best ?? candidates[candidates.length - 1]!;
}

async function runFista(
  problem: ContextAwareProblem,
  jobs: ReadonlyArray<{ sample: number; lambda1: number }>,
  lambda2: Float64Array,
  o: Omit<ContextAwareOptions, 'kernels'>,
  options: RunContext,
  round: number,
  runs: FistaRun[],
): Promise<Array<{ delta: Float64Array; loss: number }>> {
  const { dim, order } = problem;
  const onIteration = (done: number, total: number) =>
    options.onProgress?.({ phase: `fista-round-${round}`, done, total });
  if (order === 1 && !o.monotone) {
    // CAFO needs no model call in FISTA: the same steps, in fused passes.
    const result = separableFista(
      jobs.map((j) => ({
        g: problem.gradients[j.sample]!,
        l2: lambda2[j.sample]!,
        l1: j.lambda1,
      })),
      {
        iterations: o.iterations,
        step: o.step,
        decay: o.decay,
        signal: options.signal,
        onIteration,
      },
    );
    return recordRun(result, jobs.length, runs);
  }
  // f(D) = -(g^T D + 1/2 D^T H D) + lambda2 ||D||^2, gradient -g - H D + 2 lambda2 D.
  const result = await fista(
    async (ids, points, buffers) => {
      const samples = ids.map((p) => jobs[p]!.sample);
      const hd = order === 2 ? await problem.hessianProducts(samples, points) : undefined;
      const values = new Float64Array(ids.length);
      const grads = points.map((d, i) => {
        const s = samples[i]!;
        const g = problem.gradients[s]!;
        const l2 = lambda2[s]!;
        const out = buffers?.[i] ?? new Float64Array(dim);
        let value = 0;
        for (let j = 0; j < dim; j++) {
          const h = hd ? hd[i]![j]! : 0;
          value += -g[j]! * d[j]! - 0.5 * d[j]! * h + l2 * d[j]! * d[j]!;
          out[j] = -g[j]! - h + 2 * l2 * d[j]!;
        }
        values[i] = value;
        return out;
      });
      return { values, grads };
    },
    jobs.map(() => new Float64Array(dim)),
    {
      prox: (v, step, p) => softThreshold(v, step * jobs[p]!.lambda1, v),
      nonSmooth: (d, p) => jobs[p]!.lambda1 * l1Norm(d),
      iterations: o.iterations,
      step: o.step,
      decay: o.decay,
      monotone: o.monotone,
      quadratic: true,
      signal: options.signal,
      onIteration,
    },
  );
  return recordRun(result, jobs.length, runs);
}

/** Logs a FISTA run's counts and returns each problem's Delta and loss g(Delta). */
function recordRun(
  result: Pick<FistaResult, 'x' | 'smooth' | 'calls' | 'backtrackRounds'>,
  problems: number,
  runs: FistaRun[],
): Array<{ delta: Float64Array; loss: number }> {
  runs.push({ problems, calls: result.calls, backtrackRounds: result.backtrackRounds });
  return result.x.map((delta, p) => ({ delta, loss: -result.smooth[p]! }));
}

function l1Norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.abs(v[i]!);
  return s;
}

/**
 * The sparsity ratio eta of section 4.1: the share of zero pixels. For samples `[C, H, W]`
 * (rank 3 or more) a pixel is zero when every channel is; otherwise every feature counts.
 */
export function sparsityRatio(delta: ArrayLike<number>, sampleShape: readonly number[]): number {
  if (delta.length === 0) return 1;
  const channels = sampleShape.length >= 3 ? sampleShape[0]! : 1;
  const plane = delta.length / channels;
  let zeros = 0;
  for (let p = 0; p < plane; p++) {
    let zero = true;
    for (let c = 0; c < channels && zero; c++) zero = delta[c * plane + p] === 0;
    if (zero) zeros++;
  }
  return zeros / plane;
}

/**
 * Appendix D (SmoothGrad's `VisualizeImageGrayscale`): |Delta| summed over channels, then
 * (v - min) / (99th percentile - min) clipped to [0, 1], repeated over the channels.
 */
export function normalizeAttribution(delta: Tensor): Tensor {
  const batch = delta.shape[0]!;
  const sampleShape = delta.shape.slice(1);
  const D = delta.data.length / Math.max(1, batch);
  const channels = sampleShape.length >= 3 ? sampleShape[0]! : 1;
  const plane = D / channels;
  const out = new Float32Array(delta.data.length);
  for (let b = 0; b < batch; b++) {
    const map = new Float64Array(plane);
    for (let c = 0; c < channels; c++) {
      for (let p = 0; p < plane; p++) map[p]! += Math.abs(delta.data[b * D + c * plane + p]!);
    }
    const sorted = Float64Array.from(map).sort();
    const vmin = sorted[0] ?? 0;
    const vmax = percentile(sorted, 99);
    const range = vmax - vmin;
    for (let p = 0; p < plane; p++) {
      const v = range > 0 ? Math.min(1, Math.max(0, (map[p]! - vmin) / range)) : 0;
      for (let c = 0; c < channels; c++) out[b * D + c * plane + p] = v;
    }
  }
  return { data: out, shape: [...delta.shape] };
}

/** NumPy's default (linear) percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Runs one of the four methods end to end: prepare, choose lambda2, solve (sweep), and
 * shape the output like `x`. Reports `sample` progress as the samples complete.
 */
export async function explainContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: ExplainContext & Partial<ContextAwareOptions>,
): Promise<Tensor> {
  return (await runContextAware(model, x, order, options)).attribution;
}

/** `explainContextAware` with the solve's details (lambdas, candidates, FISTA runs), for tests and benchmarks. */
export async function runContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: ExplainContext & Partial<ContextAwareOptions>,
): Promise<ContextAwareResult & { readonly attribution: Tensor }> {
  const problem = await prepareContextAware(model, x, order, options);
  const solved = await solveContextAware(problem, x.shape.slice(1), options);
  const { deltas } = solved;
  const data = new Float32Array(x.data.length);
  deltas.forEach((d, s) => {
    data.set(d, s * problem.dim);
    options.onProgress?.({ phase: 'sample', done: s + 1, total: problem.batch });
  });
  const delta = { data, shape: [...x.shape] };
  const attribution =
    (options.output ?? contextAwareDefaults.output) === 'normalized'
      ? normalizeAttribution(delta)
      : delta;
  return { ...solved, attribution };
}

function averageRows(data: Float32Array, firstRow: number, rows: number, D: number): Float64Array {
  const out = new Float64Array(D);
  for (let r = 0; r < rows; r++) {
    const o = (firstRow + r) * D;
    for (let j = 0; j < D; j++) out[j]! += data[o + j]!;
  }
  if (rows > 1) for (let j = 0; j < D; j++) out[j]! /= rows;
  return out;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive integer for ${what} but received ${n}.`,
    );
  }
}

function checkInput(model: Model, x: Tensor): void {
  const want = model.inputShape;
  const got = x.shape.slice(1);
  if (x.shape.length < 1 || got.length !== want.length || got.some((d, i) => d !== want[i])) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected the input batch of shape [B, ${want.join(', ')}] but received [${x.shape.join(', ')}].`,
    );
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `options` over `defaults`, where an option given as `undefined` keeps the default. */
export function withDefaults<O extends object, C extends object>(defaults: O, options: C): O & C {
  return { ...defaults, ...stripUndefined(options) } as O & C;
}
