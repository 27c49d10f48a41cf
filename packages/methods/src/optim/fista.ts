/**
 * FISTA with backtracking (Beck and Teboulle, "A Fast Iterative Shrinkage-Thresholding
 * Algorithm for Linear Inverse Problems", SIAM J. Imaging Sciences 2009, section 4) for
 * `min_x f(x) + h(x)`, f smooth and h with a cheap proximal map; optionally its monotone
 * variant MFISTA (Beck and Teboulle 2009, "Fast gradient-based algorithms for constrained
 * total variation ...", eq. 5.1). Generic over `Float64Array` vectors and batched: many
 * independent problems advance in lockstep so that one call of `f` evaluates all of them
 * (one model call for every sample and every lambda of a sweep).
 *
 * Backtracking follows the paper's convention: the step starts at `step`, is multiplied by
 * `decay` until `f(z) <= f(y) + <grad f(y), z - y> + ||z - y||^2 / (2 step)`, and is kept
 * for the next iteration (non-increasing, as in Beck and Teboulle's step rule).
 */
import { throwIfAborted } from '@xai/core';

/**
 * `f` and its gradient at `points[i]`, the current point of problem `problems[i]`. `out[i]`,
 * when given, is a buffer of the point's length that `f` may fill and return as `grads[i]`
 * (FISTA recycles the buffers it owns, so long runs on large vectors do not churn memory).
 */
export type SmoothFunction = (
  problems: readonly number[],
  points: readonly Float64Array[],
  out?: readonly Float64Array[],
) => Promise<{ readonly values: ArrayLike<number>; readonly grads: readonly Float64Array[] }>;

export interface FistaOptions {
  /** The proximal map of `step * h` for problem `problem`, e.g. a soft threshold. */
  readonly prox: (v: Float64Array, step: number, problem: number) => Float64Array;
  /** `h(x)` for problem `problem`, to report the full objective. */
  readonly nonSmooth: (x: Float64Array, problem: number) => number;
  /** Number of iterations (one proximal gradient step each). */
  readonly iterations?: number;
  /** Initial step (learning rate); Singla et al. use 0.1. */
  readonly step?: number;
  /** Factor applied to the step on each failed backtracking test; Singla et al. use 0.5. */
  readonly decay?: number;
  /** Most step reductions in one iteration; the last candidate is then accepted. */
  readonly maxBacktracks?: number;
  /** MFISTA: keep the previous iterate when the proximal step would increase the objective. */
  readonly monotone?: boolean;
  /**
   * The smooth part is quadratic: values and gradients at the extrapolated points are then
   * combined exactly from those already known, so `f` is called once per backtracking trial
   * (for a Hessian quadratic, one Hessian-vector product per trial).
   */
  readonly quadratic?: boolean;
  readonly signal?: AbortSignal;
  /** Called after each iteration with the number done and the total. */
  readonly onIteration?: (done: number, total: number) => void;
}

export interface FistaResult {
  /** The final iterate of each problem. */
  readonly x: Float64Array[];
  /** `f(x)` of each problem. */
  readonly smooth: Float64Array;
  /** `f(x) + h(x)` of each problem. */
  readonly objective: Float64Array;
  /** `f + h` at the iterate after each iteration (index 0: the start), per problem. */
  readonly history: Float64Array[];
  /** The step each problem ended with. */
  readonly steps: Float64Array;
  /** How many points `f` was evaluated at, summed over problems. */
  readonly evaluations: number;
  /**
   * How many times `f` was called (each call evaluates a batch of problems): 1 at the start,
   * then per iteration `1 + backtracking rounds`, plus one at each extrapolated point of
   * iterations 1 .. iterations - 1 unless `quadratic`.
   */
  readonly calls: number;
  /**
   * Extra trial rounds of the backtracking, summed over iterations: in iteration k, the most
   * step reductions any problem needed (problems still backtracking share one call).
   */
  readonly backtrackRounds: number;
  /** Step reductions summed over problems and iterations. */
  readonly backtracks: number;
}

export const fistaDefaults = {
  iterations: 10,
  step: 0.1,
  decay: 0.5,
  maxBacktracks: 40,
  monotone: false,
  quadratic: false,
} as const;

interface Point {
  x: Float64Array;
  f: number;
  g: Float64Array;
}

/**
 * Vectors FISTA allocated and no longer refers to, by length, for reuse. Only buffers it
 * made are taken back (a gradient `f` returned from its own memory is left alone).
 */
class BufferPool {
  private readonly free = new Map<number, Float64Array[]>();
  private readonly owned = new WeakSet<Float64Array>();

  take(length: number): Float64Array {
    const reused = this.free.get(length)?.pop();
    if (reused) return reused;
    const made = new Float64Array(length);
    this.owned.add(made);
    return made;
  }

  copy(v: Float64Array): Float64Array {
    const out = this.take(v.length);
    out.set(v);
    return out;
  }

  give(a: Float64Array): void {
    if (!this.owned.has(a)) return;
    let list = this.free.get(a.length);
    if (!list) this.free.set(a.length, (list = []));
    if (!list.includes(a)) list.push(a);
  }

  release(pt: Point): void {
    this.give(pt.x);
    if (pt.g !== pt.x) this.give(pt.g);
  }
}

/** Runs FISTA from `x0` (one start per problem, not modified) and returns the iterates. */
export async function fista(
  f: SmoothFunction,
  x0: readonly Float64Array[],
  options: FistaOptions,
): Promise<FistaResult> {
  const iterations = options.iterations ?? fistaDefaults.iterations;
  const decay = options.decay ?? fistaDefaults.decay;
  const maxBacktracks = options.maxBacktracks ?? fistaDefaults.maxBacktracks;
  const monotone = options.monotone ?? fistaDefaults.monotone;
  const quadratic = options.quadratic ?? fistaDefaults.quadratic;
  const P = x0.length;
  const all = Array.from({ length: P }, (_, p) => p);
  let evaluations = 0;
  let calls = 0;
  let backtrackRounds = 0;
  let backtracks = 0;
  const pool = new BufferPool();
  const evaluate = async (problems: number[], points: Float64Array[]): Promise<Point[]> => {
    throwIfAborted(options.signal);
    evaluations += problems.length;
    calls++;
    const out = points.map((x) => pool.take(x.length));
    const { values, grads } = await f(problems, points, out);
    out.forEach((buffer, i) => {
      if (grads[i] !== buffer) pool.give(buffer); // f kept its own memory
    });
    return points.map((x, i) => ({ x, f: values[i]!, g: grads[i]! }));
  };

  let x = await evaluate(
    all,
    x0.map((v) => pool.copy(v)),
  );
  let y = x;
  const steps = new Float64Array(P).fill(options.step ?? fistaDefaults.step);
  const t = new Float64Array(P).fill(1);
  const total = (pt: Point, p: number) => pt.f + options.nonSmooth(pt.x, p);
  const history = all.map((p) => {
    const h = new Float64Array(iterations + 1);
    h[0] = total(x[p]!, p);
    return h;
  });

  for (let k = 1; k <= iterations; k++) {
    // Backtracking: every problem proposes z = prox(y - step grad f(y)); those whose
    // sufficient-decrease test fails shrink their step and try again, in one batch.
    const z: Point[] = new Array(P);
    let pending = all;
    for (let trial = 0; pending.length > 0; trial++) {
      if (trial > 0) backtrackRounds++;
      const candidates = pending.map((p) => {
        const yp = y[p]!;
        const s = steps[p]!;
        const v = pool.take(yp.x.length);
        for (let i = 0; i < v.length; i++) v[i] = yp.x[i]! - s * yp.g[i]!;
        return options.prox(v, s, p);
      });
      const evaluated = await evaluate(pending, candidates);
      const failed: number[] = [];
      pending.forEach((p, i) => {
        const zp = evaluated[i]!;
        const yp = y[p]!;
        let lin = 0;
        let sq = 0;
        for (let j = 0; j < zp.x.length; j++) {
          const d = zp.x[j]! - yp.x[j]!;
          lin += yp.g[j]! * d;
          sq += d * d;
        }
        const bound = yp.f + lin + sq / (2 * steps[p]!);
        const slack = 1e-7 * (Math.abs(yp.f) + Math.abs(zp.f)) + 1e-12;
        if (zp.f <= bound + slack || trial >= maxBacktracks) z[p] = zp;
        else {
          steps[p]! *= decay;
          backtracks++;
          failed.push(p);
          pool.release(zp);
        }
      });
      pending = failed;
    }

    const next: Point[] = all.map((p) => {
      if (!monotone) return z[p]!;
      return total(z[p]!, p) <= total(x[p]!, p) ? z[p]! : x[p]!;
    });
    const nextY: (Point | undefined)[] = new Array(P);
    const toEvaluate: number[] = [];
    const yPoints: Float64Array[] = [];
    for (const p of all) {
      const tNext = (1 + Math.sqrt(1 + 4 * t[p]! * t[p]!)) / 2;
      // y = a z + b x_k + c x_{k-1}, an affine combination (a + b + c = 1).
      const momentum = (t[p]! - 1) / tNext;
      const a = monotone ? t[p]! / tNext : 0;
      const c = -momentum;
      const b = 1 - a - c;
      t[p] = tNext;
      const zp = z[p]!;
      const xp = next[p]!;
      const xq = x[p]!;
      const combine = (u: Float64Array, w: Float64Array, s: Float64Array) => {
        const out = pool.take(u.length);
        for (let i = 0; i < out.length; i++) out[i] = a * u[i]! + b * w[i]! + c * s[i]!;
        return out;
      };
      const yx = combine(zp.x, xp.x, xq.x);
      if (quadratic) {
        const yg = combine(zp.g, xp.g, xq.g);
        let dot = 0;
        for (let i = 0; i < yx.length; i++) dot += (xp.g[i]! + yg[i]!) * (yx[i]! - xp.x[i]!);
        nextY[p] = { x: yx, g: yg, f: xp.f + 0.5 * dot };
      } else {
        toEvaluate.push(p);
        yPoints.push(yx);
      }
    }
    if (toEvaluate.length > 0 && k < iterations) {
      const evaluated = await evaluate(toEvaluate, yPoints);
      toEvaluate.forEach((p, i) => {
        nextY[p] = evaluated[i];
      });
    }
    const newY = all.map((p) => nextY[p] ?? next[p]!);
    // The points no iterate refers to any more go back to the pool.
    const kept = new Set<Point>([...next, ...newY]);
    const dropped = new Set<Point>([...x, ...y, ...z].filter((pt) => !kept.has(pt)));
    for (const pt of dropped) pool.release(pt);
    x = next;
    y = newY;
    for (const p of all) history[p]![k] = total(x[p]!, p);
    options.onIteration?.(k, iterations);
  }
  return {
    x: x.map((pt) => pt.x),
    smooth: Float64Array.from(x, (pt) => pt.f),
    objective: Float64Array.from(all, (p) => total(x[p]!, p)),
    history,
    steps,
    evaluations,
    calls,
    backtrackRounds,
    backtracks,
  };
}
