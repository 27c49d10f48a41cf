export { type BaselineSpec, type Normalization, resolveBaseline } from './shared/baseline.js';
export { type ChannelMerge, mergeChannels } from './shared/channel-merge.js';
export { deletion } from './faithfulness/deletion.js';
export { losslessBits } from './shared/entropy-estimate.js';
export { type InputInvarianceOptions, inputInvariance } from './axioms/input-invariance.js';
export { insertion } from './faithfulness/insertion.js';
export { type LocalLipschitzOptions, localLipschitz } from './robustness/local-lipschitz.js';
export { type ModelRandomizationOptions, modelRandomization } from './randomisation/model-randomization.js';
export {
  type PerturbationCurveOptions,
  type PerturbationCurves,
  perturbationCurves,
} from './shared/perturbation-curve.js';
export { type PicOptions, pic } from './faithfulness/pic.js';
export { referenceCodeMasks } from './shared/reference-code-masks.js';
export { getMetric, metrics } from './registry.js';
export { type SensitivityMaxOptions, sensitivityMax } from './robustness/sensitivity-max.js';
export { averageRanks, spearman, ssim } from './shared/similarity.js';
export { gini, type SparsenessOptions, sparseness } from './complexity/sparseness.js';
