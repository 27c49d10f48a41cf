export * from './baseline/index.js';
export * from './batching.js';
export * from './bibliography/index.js';
export * from './blur.js';
export * from './correlation.js';
export * from './domain.js';
export * from './errors.js';
export * from './families.js';
export * from './find-by-name.js';
export * from './hvp.js';
export * from './js-kernels/index.js';
export * from './kernels.js';
export * from './loss-gradient.js';
export * from './memory-size.js';
export * from './metered-model.js';
export * from './method.js';
export * from './metric.js';
export * from './model.js';
export * from './nearest-name.js';
export * from './npy.js';
export * from './options.js';
export * from './paced-batches.js';
export { perturbUnitMasks } from './perturb-unit-masks.js';
export {
  createRng,
  fillNormal,
  fillUniform,
  philox4x32,
  type Rng,
  uniformFromWord,
} from './prng.js';
export { type RandomEngine, randomEngine, setRandomEngine } from './prng-draws.js';
export * from './progress.js';
export * from './shifted-model.js';
export * from './softmax.js';
export * from './targets/index.js';
export * from './tensor.js';
export * from './upsample-adjoint.js';
export { blendEngine, setBlendEngine } from './wasm/blend-wasm.js';
export type { WasmEngine } from './wasm/engine-choice.js';
export { addWeightedMaskSets, addWeightedMasks } from './weighted-mask-sums.js';
