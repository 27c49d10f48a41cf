/**
 * The presets of CAFO, CASO, SmoothCAFO and SmoothCASO: `'paper'`, Singla et al. 2019's text
 * (appendix G, section 4.1), and `'reference-code'`, the authors' code, github
 * singlasahil14/CASO at ea9ba07 (`explainers.py`, class `CASO`, with `main.py`'s defaults).
 * Each method's doc comment lists the differences with file and line.
 */
import type { ContextAwareOptions } from './options.js';

type PresetKeys =
  | 'lambda1'
  | 'lambda2'
  | 'c1'
  | 'step'
  | 'momentum'
  | 'resetStep'
  | 'samples'
  | 'sigma'
  | 'sigmaScale'
  | 'predictedOn';
export type ContextAwarePreset = Pick<ContextAwareOptions, PresetKeys>;

/**
 * The two presets of one method: `order` 2 for CASO (the eigenvalue added to lambda2, in the
 * code as in the paper), 1 for CAFO (a constant lambda2 in the code); `smooth` for the
 * noise-averaged variants.
 */
export function contextAwarePresets(
  order: 1 | 2,
  smooth: boolean,
): Record<ContextAwareOptions['preset'], ContextAwarePreset> {
  return {
    paper: {
      lambda1: 'sweep',
      lambda2: 'auto',
      c1: 10,
      step: 0.1,
      momentum: 'beck-teboulle',
      resetStep: false,
      samples: smooth ? 32 : 1,
      sigma: smooth ? 0.15 : 0,
      sigmaScale: 'absolute',
      predictedOn: 'input',
    },
    'reference-code': {
      lambda1: 1e-4,
      // Their L2 term is lambda2/2 ||Delta||^2 with lambda2 = 4 (+ the eigenvalue for CASO):
      // ours is lambda2 ||Delta||^2, so 2 (CAFO) and L/2 + 2 (CASO, c1 = 2).
      lambda2: order === 2 ? 'auto' : 2,
      c1: 2,
      step: 0.05,
      momentum: 'k-2-over-k+1',
      resetStep: true,
      samples: smooth ? 16 : 1,
      sigma: smooth ? 0.15 : 0,
      sigmaScale: smooth ? 'range' : 'absolute',
      predictedOn: smooth ? 'each-copy' : 'input',
    },
  };
}
