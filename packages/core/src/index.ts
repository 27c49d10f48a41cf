export * from './errors.js';
export * from './tensor.js';
export * from './model.js';
export * from './softmax.js';
export * from './losses.js';
export * from './targets.js';
export * from './progress.js';
export * from './batching.js';
export * from './loss-gradient.js';
export * from './hvp.js';
export * from './method.js';
export * from './npy.js';
export { createRng, fillNormal, fillUniform, philox4x32, uniformFromWord, type Rng } from './prng.js';
export * from './kernels.js';
export {
  jsKernels,
  checkRandomArgs,
  checkUpsampleArgs,
  checkPerturbArgs,
  checkSoftmaxHvpArgs,
  checkCentralDifferenceArgs,
  checkArgsortArgs,
  checkTopKArgs,
  checkRankMasksArgs,
  checkCurveAreasArgs,
} from './js-kernels/index.js';
