/**
 * CASO, context-aware second-order interpretation (Singla et al. 2019, Definition 3, eq. 5):
 * argmax_Delta grad l(x)^T Delta + 1/2 Delta^T H_x Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2,
 * with l the cross-entropy of the target and H_x its input Hessian, applied through
 * Hessian-vector products (Gauss-Newton by default, exact for piecewise-linear networks;
 * `hvp: 'finite-difference'` for others). lambda2 = L/2 + c1 makes it strongly concave
 * (Theorem 3); FISTA with backtracking and soft thresholding solves it (section 4);
 * lambda1 comes from the sparsity sweep of section 4.1.
 *
 * Presets (`preset`). `'reference-code'` is the authors' code, github singlasahil14/CASO at
 * ea9ba07, `explainers.py` `CASO(second_order=True, smooth=False)` with `main.py`'s defaults:
 * - lambda1: the sparsity sweep of section 4.1 -> the constant 1e-4 (`main.py` l. 42; the code
 *   has no sweep).
 * - lambda2: L/2 + c1 with c1 = 10 -> c1 = 2: their L2 term is lambda2/2 ||Delta||^2
 *   (`explainers.py` l. 294-296) with lambda2 = 4 + L (`main.py` l. 44, `explainers.py` l. 252),
 *   which is ours with L/2 + 2. L from 10 power iterations in both (l. 197), theirs from a
 *   uniform start (l. 188-192), ours from seeded normal draws: the same value once converged.
 * - FISTA: step 0.1 -> 0.05 (`main.py` l. 51); Beck and Teboulle's momentum -> (k - 2)/(k + 1)
 *   at iteration k (`explainers.py` l. 319, `momentum: 'k-2-over-k+1'`); the accepted step kept
 *   for the next iteration -> backtracking from the learning rate at every iteration (l. 326,
 *   `resetStep: true`); 10 iterations in both (`main.py` l. 46).
 * Their class is the prediction (l. 42): pass `target: 'predicted'`. Their cross-entropy runs
 * in float32 (l. 45, 184) and its gradient loses all precision on confident images (the
 * predicted class's softmax rounds to 1): a bug, not reproduced (the goldens ran in float64).
 * The default preset is `'paper'`: the paper's figures come from the section 4.1 sweep and
 * the appendix G constants, which the code does not contain (its `main.py` even stops at
 * `quit()`, l. 78, before explaining); `'reference-code'` gives the maps the published code
 * gives, checked against it in `test/context-aware-golden.test.ts`.
 */
import type { AttributionMethod } from '@xai/core';
import { contextAwareMethod } from './context-aware-method.js';
import type { ContextAwareOptions } from './options.js';

/** Options of `caso`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type CASOOptions = ContextAwareOptions;

export const caso: AttributionMethod<CASOOptions> = contextAwareMethod('caso');
