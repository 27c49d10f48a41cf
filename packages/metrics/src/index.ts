export { type BaselineSpec, type Normalization, resolveBaseline } from './baseline.js';
export { type ChannelMerge, mergeChannels } from './channel-merge.js';
export { deletion } from './deletion.js';
export { losslessBits } from './entropy-estimate.js';
export { type InputInvarianceOptions, inputInvariance } from './input-invariance.js';
export { insertion } from './insertion.js';
export { type LocalLipschitzOptions, localLipschitz } from './local-lipschitz.js';
export { type ModelRandomizationOptions, modelRandomization } from './model-randomization.js';
export {
  type PerturbationCurveOptions,
  type PerturbationCurves,
  perturbationCurves,
} from './perturbation-curve.js';
export { type PicOptions, pic } from './pic.js';
export { referenceCodeMasks } from './reference-code-masks.js';
export { getMetric, metrics } from './registry.js';
export { type SensitivityMaxOptions, sensitivityMax } from './sensitivity-max.js';
export { averageRanks, spearman, ssim } from './similarity.js';
export { gini, type SparsenessOptions, sparseness } from './sparseness.js';
