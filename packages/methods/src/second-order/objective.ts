/** The objective of eq. 3, 5 or 8 through Hessian-vector products. */
import type { ContextAwareProblem } from './problem.js';

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
