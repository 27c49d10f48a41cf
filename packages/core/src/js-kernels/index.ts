/**
 * `jsKernels`, the reference implementation of `Kernels`: plain loops over typed arrays,
 * float64 arithmetic rounded once to float32. Every other implementation is checked against it.
 */
import type { Kernels } from '../kernels.js';
import { curveAreas } from './curves.js';
import { centralDifference, softmaxHvp } from './hvp.js';
import { perturb, upsample } from './perturb.js';
import { random } from './random.js';
import { argsortDescending, rankMasks, topK } from './ranking.js';

export const jsKernels: Kernels = {
  name: 'js',
  random,
  upsample,
  perturb,
  softmaxHvp,
  centralDifference,
  argsortDescending,
  topK,
  rankMasks,
  curveAreas,
};

export { checkCurveAreasArgs } from './curves.js';
export { checkCentralDifferenceArgs, checkSoftmaxHvpArgs } from './hvp.js';
export { checkPerturbArgs, checkUpsampleArgs } from './perturb.js';
export { checkRandomArgs } from './random.js';
export { checkArgsortArgs, checkRankMasksArgs, checkTopKArgs } from './ranking.js';
export type { CheckOptions } from './validate.js';
