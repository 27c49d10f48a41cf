/**
 * The power method for the top eigenvalue of symmetric operators known only through
 * their products, batched: many operators (one Hessian per sample) advance together so
 * that each iteration is one call of a batched Hessian-vector product. Singla et al. (2019,
 * Table 1) run 10 iterations to find L, the largest Hessian eigenvalue, for lambda2 = L/2 + c1.
 */
import { throwIfAborted, XaiError } from '@xai/core';

/** `A_i v_i` for each vector `v_i` of the batch (operator i applied to vector i). */
export type BatchedOperator = (vectors: readonly Float64Array[]) => Promise<Float64Array[]>;

export interface PowerIterationOptions {
  /** Number of operator products per vector (Singla et al.: 10). */
  readonly iterations?: number;
  readonly signal?: AbortSignal;
  /** Called after each iteration with the number done and the total. */
  readonly onIteration?: (done: number, total: number) => void;
}

export interface PowerIterationResult {
  /** The Rayleigh quotient `v^T A v` of each operator at its last unit vector. */
  readonly eigenvalues: Float64Array;
  /** The last unit vector of each operator, `A v / ||A v||` (the start if `A v = 0`). */
  readonly vectors: Float64Array[];
}

/**
 * Power iteration from the given start vectors (not modified; any nonzero vectors, e.g.
 * seeded normal draws). Converges to the eigenvalue of largest magnitude, which is the top
 * eigenvalue for positive semi-definite operators such as the Gauss-Newton Hessian.
 */
export async function powerIteration(
  apply: BatchedOperator,
  start: readonly Float64Array[],
  options: PowerIterationOptions = {},
): Promise<PowerIterationResult> {
  const iterations = options.iterations ?? 10;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive integer number of power iterations but received ${iterations}.`,
    );
  }
  let vectors = start.map((v, i) => {
    const n = norm(v);
    if (!(n > 0) || !Number.isFinite(n)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a nonzero finite start vector for power iteration ${i} but received norm ${n}.`,
      );
    }
    return scaled(v, n);
  });
  const eigenvalues = new Float64Array(start.length);
  for (let k = 1; k <= iterations; k++) {
    throwIfAborted(options.signal);
    const products = await apply(vectors);
    vectors = vectors.map((v, i) => {
      const w = products[i]!;
      let dot = 0;
      for (let j = 0; j < v.length; j++) dot += v[j]! * w[j]!;
      eigenvalues[i] = dot;
      const n = norm(w);
      return n > 0 ? scaled(w, n) : v;
    });
    options.onIteration?.(k, iterations);
  }
  return { eigenvalues, vectors };
}

/** v / n in a new vector (a loop: a callback per element costs more than the division). */
function scaled(v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
