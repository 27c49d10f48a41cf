export { type CompletenessOptions, completeness } from './axioms/completeness.js';
export { type InputInvarianceOptions, inputInvariance } from './axioms/input-invariance.js';
export { type NonSensitivityOptions, nonSensitivity } from './axioms/non-sensitivity.js';
export { type ComplexityOptions, complexity } from './complexity/complexity.js';
export {
  type EffectiveComplexityOptions,
  effectiveComplexity,
} from './complexity/effective-complexity.js';
export { gini, type SparsenessOptions, sparseness } from './complexity/sparseness.js';
export { deletion } from './faithfulness/deletion.js';
export {
  type FaithfulnessCorrelationOptions,
  faithfulnessCorrelation,
} from './faithfulness/faithfulness-correlation.js';
export {
  type FaithfulnessEstimateOptions,
  faithfulnessEstimate,
} from './faithfulness/faithfulness-estimate.js';
export { insertion } from './faithfulness/insertion.js';
export { type IrofOptions, irof } from './faithfulness/irof.js';
export { type MonotonicityOptions, monotonicity } from './faithfulness/monotonicity.js';
export {
  type MonotonicityCorrelationOptions,
  monotonicityCorrelation,
} from './faithfulness/monotonicity-correlation.js';
export { type PicOptions, pic } from './faithfulness/pic.js';
export { type RoadOptions, roadLerf, roadMorf } from './faithfulness/road.js';
export { type SelectivityOptions, selectivity } from './faithfulness/selectivity.js';
export { type SensitivityNOptions, sensitivityN } from './faithfulness/sensitivity-n.js';
export { type SufficiencyOptions, sufficiency } from './faithfulness/sufficiency.js';
export {
  type AttributionLocalisationOptions,
  attributionLocalisation,
} from './localisation/attribution-localisation.js';
export { type AucOptions, auc } from './localisation/auc.js';
export { type FocusOptions, focus } from './localisation/focus.js';
export {
  type RelevanceMassAccuracyOptions,
  relevanceMassAccuracy,
} from './localisation/relevance-mass-accuracy.js';
export {
  type RelevanceRankAccuracyOptions,
  relevanceRankAccuracy,
} from './localisation/relevance-rank-accuracy.js';
export {
  type TopKIntersectionOptions,
  topKIntersection,
} from './localisation/top-k-intersection.js';
export { type EfficientMprtOptions, efficientMprt } from './randomisation/efficient-mprt.js';
export {
  type ModelRandomizationOptions,
  modelRandomization,
} from './randomisation/model-randomization.js';
export { type RandomLogitOptions, randomLogit } from './randomisation/random-logit.js';
export { type SmoothMprtOptions, smoothMprt } from './randomisation/smooth-mprt.js';
export { getMetric, metrics } from './registry.js';
export {
  type AverageSensitivityOptions,
  averageSensitivity,
} from './robustness/average-sensitivity.js';
export { type ConsistencyOptions, consistency } from './robustness/consistency.js';
export { type ContinuityOptions, continuity } from './robustness/continuity.js';
export { type LocalLipschitzOptions, localLipschitz } from './robustness/local-lipschitz.js';
export { relativeInputStability } from './robustness/relative-input-stability.js';
export { relativeOutputStability } from './robustness/relative-output-stability.js';
export {
  type RelativeRepresentationStabilityOptions,
  relativeRepresentationStability,
} from './robustness/relative-representation-stability.js';
export { type SensitivityMaxOptions, sensitivityMax } from './robustness/sensitivity-max.js';
export { type ChannelMerge, mergeChannels } from './shared/channel-merge.js';
export { losslessBits } from './shared/entropy-estimate.js';
export {
  type PerturbationCurveOptions,
  type PerturbationCurves,
  perturbationCurves,
} from './shared/perturbation-curve.js';
export { referenceCodeMasks } from './shared/reference-code-masks.js';
export type { RelativeStabilityOptions } from './shared/relative-stability.js';
export { averageRanks, pearson, spearman, ssim } from './shared/similarity.js';
export { slic } from './shared/slic.js';
