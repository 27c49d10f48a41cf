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
import type { ExplainContext, Model, Tensor } from '@xai/core';
import { type ContextAwareOptions, contextAwareDefaults, type RunContext } from './options.js';
import { type ObjectiveOrder, prepareContextAware } from './problem.js';
import { type ContextAwareResult, solveContextAware } from './solver.js';
import { normalizeAttribution } from './sparsity.js';

/**
 * Runs one of the four methods end to end: prepare, choose lambda2, solve (sweep), and
 * shape the output like `x`. Reports `sample` progress as the samples complete.
 */
export async function explainContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: ExplainContext & RunContext & Partial<ContextAwareOptions>,
): Promise<Tensor> {
  return (await runContextAware(model, x, order, options)).attribution;
}

/** `explainContextAware` with the solve's details (lambdas, candidates, FISTA runs), for tests and benchmarks. */
export async function runContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: ExplainContext & RunContext & Partial<ContextAwareOptions>,
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
