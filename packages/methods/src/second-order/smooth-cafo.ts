/**
 * SmoothCAFO (Singla et al. 2019, section 5, "Smooth CAFO is defined similarly"): eq. 8
 * without the Hessian term, the gradient averaged over z = x + N(0, sigma^2 I). n = 32
 * noisy copies (appendix G, Table 3; the text of section 5 says 50) with sigma = 0.15.
 *
 * Presets (`preset`). `'reference-code'` is the authors' code, github singlasahil14/CASO at
 * ea9ba07, `explainers.py` `CASO(second_order=False, smooth=True)` with `main.py`'s defaults:
 * - lambda1: the sparsity sweep of section 4.1 -> the constant 1e-4 (`main.py` l. 42; the code
 *   has no sweep).
 * - lambda2: L/2 + c1 with c1 = 10 (as CASO, so the two compare) -> the constant 2: their L2
 *   term is lambda2/2 ||Delta||^2 (`explainers.py` l. 294-296) with lambda2 = 4 (`main.py` l. 44),
 *   the eigenvalue added for CASO only (l. 252; CAFO, l. 253-257).
 * - FISTA: step 0.1 -> 0.05 (`main.py` l. 51); Beck and Teboulle's momentum -> (k - 2)/(k + 1)
 *   at iteration k (`explainers.py` l. 319, `momentum: 'k-2-over-k+1'`); the accepted step kept
 *   for the next iteration -> backtracking from the learning rate at every iteration (l. 326,
 *   `resetStep: true`); 10 iterations in both (`main.py` l. 46).
 * - Noise: 32 copies (Table 3) -> 16 (`main.py` l. 55); sigma 0.15 in input units -> 0.15 x
 *   (max - min) of the input (`explainers.py` l. 232, `sigmaScale: 'range'`); the class
 *   predicted for the input -> each noisy copy's own prediction (l. 42, 180, `predictedOn:
 *   'each-copy'`).
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

/** Options of `smooth-cafo`: each is documented on `ContextAwareOptions`; defaults from appendix G. */
export type SmoothCAFOOptions = ContextAwareOptions;

export const smoothCafo: AttributionMethod<SmoothCAFOOptions> = contextAwareMethod('smooth-cafo');
