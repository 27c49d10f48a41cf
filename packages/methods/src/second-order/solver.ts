/** FISTA over the lambda1 sweep of section 4.1, batched across samples and lambda1 values. */
import { XaiError } from '@xai/core';
import { type FistaResult, fista } from '../optim/fista.js';
import { separableFista } from '../optim/separable-fista.js';
import { softThreshold } from '../optim/soft-threshold.js';
import { chooseLambda2 } from './lambda2.js';
import {
  type ContextAwareOptions,
  checkCount,
  contextAwareSettings,
  type RunContext,
} from './options.js';
import type { ContextAwareProblem } from './problem.js';
import { sparsityRatio } from './sparsity.js';

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
  const o = contextAwareSettings(options);
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
  o: ContextAwareOptions,
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
        momentum: o.momentum,
        resetStep: o.resetStep,
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
      momentum: o.momentum,
      resetStep: o.resetStep,
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

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
