/**
 * CAFO, context-aware first-order interpretation (Singla et al. 2019, Definition 2, eq. 3):
 * argmax_Delta grad l(x)^T Delta - lambda1 ||Delta||_1 - lambda2 ||Delta||_2^2, with l the
 * cross-entropy of the target, solved by FISTA with soft thresholding; lambda2 = L/2 + c1
 * (L the top Hessian eigenvalue, as for CASO so the two compare) and lambda1 by the
 * sparsity sweep of section 4.1. Returns Delta (signed) or, with `output: 'normalized'`,
 * the map of appendix D.
 *
 * Presets (`preset`). `'reference-code'` is the authors' code, github singlasahil14/CASO at
 * ea9ba07, `explainers.py` `CASO(second_order=False, smooth=False)` with `main.py`'s defaults:
 * - lambda1: the sparsity sweep of section 4.1 -> the constant 1e-4 (`main.py` l. 42; the code
 *   has no sweep).
 * - lambda2: L/2 + c1 with c1 = 10 (as CASO, so the two compare) -> the constant 2: their L2
 *   term is lambda2/2 ||Delta||^2 (`explainers.py` l. 294-296) with lambda2 = 4 (`main.py` l. 44),
 *   the eigenvalue added for CASO only (l. 252; CAFO, l. 253-257).
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

/** Options of `cafo`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type CAFOOptions = ContextAwareOptions;

export const cafo: AttributionMethod<CAFOOptions> = contextAwareMethod('cafo');
