/**
 * Backtracking line search with the revised Armijo condition of I-GOS (Qi, Khorram and Fuxin,
 * AAAI 2020, eq. 8 and the three steps after it). The search direction is -d, where d is the
 * total (integrated) gradient TG, and the sufficient-decrease test uses d in place of the true
 * gradient, because d need not be a descent direction of F:
 *
 *   F(P(M - alpha d)) - F(M) <= -alpha · beta · dᵀd,                                   (8)
 *
 * with P the projection onto the feasible set (the box [0, 1] for masks). alpha starts at the
 * upper bound alpha_u and is multiplied by the decay eta until (8) holds or alpha <= alpha_l;
 * in that case the step is alpha_l (step (3) of the paper), and the result says so.
 *
 * Several independent problems (one per sample) are searched together: each trial evaluates
 * the still-searching problems in one call, so a model sees one batch per trial.
 */

export interface ArmijoOptions {
  /** beta in (0, 1): the fraction of the predicted decrease required (I-GOS: 1e-4). */
  readonly beta: number;
  /** eta in (0, 1): the factor alpha shrinks by after a failed trial (I-GOS code: 0.2). */
  readonly decay: number;
  /** alpha_u: the first step tried (I-GOS code: 200). */
  readonly maxStep: number;
  /** alpha_l: the smallest step; reaching it ends the search with alpha = alpha_l (I-GOS code: 1e-5). */
  readonly minStep: number;
}

export interface ArmijoProblem {
  /** F(M) at the current point. */
  readonly value: number;
  /** dᵀd, the squared norm of the direction d (the step is -alpha d). */
  readonly directionNormSq: number;
}

export interface ArmijoResult {
  /** The step taken. */
  readonly step: number;
  /** F at the accepted trial point, P(M - step d). */
  readonly value: number;
  /** True when (8) holds at `step`; false when the search stopped at alpha_l without it. */
  readonly satisfied: boolean;
  /** How many trial points were evaluated. */
  readonly trials: number;
}

/**
 * Runs the backtracking search for each problem. `evaluate(indices, steps)` returns
 * F(P(M_i - steps[j] d_i)) for i = indices[j]; it is called once per trial round with the
 * problems still searching.
 */
export async function armijoBacktracking(
  problems: readonly ArmijoProblem[],
  evaluate: (indices: readonly number[], steps: readonly number[]) => Promise<ArrayLike<number>>,
  options: ArmijoOptions,
): Promise<ArmijoResult[]> {
  const { beta, decay, maxStep, minStep } = options;
  const results: Array<ArmijoResult | undefined> = problems.map(() => undefined);
  const step = problems.map(() => maxStep);
  const trials = problems.map(() => 0);
  let active = problems.map((_, i) => i);
  while (active.length > 0) {
    const steps = active.map((i) => step[i]!);
    const values = await evaluate(active, steps);
    const next: number[] = [];
    active.forEach((i, j) => {
      const p = problems[i]!;
      const alpha = step[i]!;
      const value = values[j]!;
      trials[i]!++;
      if (armijoHolds(p.value, value, alpha, beta, p.directionNormSq)) {
        results[i] = { step: alpha, value, satisfied: true, trials: trials[i]! };
      } else if (alpha <= minStep) {
        results[i] = { step: alpha, value, satisfied: false, trials: trials[i]! };
      } else {
        // Never step below alpha_l: the last trial is alpha_l itself (paper's step (3)).
        step[i] = Math.max(alpha * decay, minStep);
        next.push(i);
      }
    });
    active = next;
  }
  return results as ArmijoResult[];
}

/** The revised Armijo condition (8): `trial - current <= -step · beta · dᵀd`. */
export function armijoHolds(
  current: number,
  trial: number,
  step: number,
  beta: number,
  directionNormSq: number,
): boolean {
  return trial - current <= -step * beta * directionNormSq;
}
