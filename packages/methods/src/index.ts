export { Adam, type AdamOptions } from './adam.js';
export {
  ADAPT_GRAD_STREAM,
  type AdaptGradOptions,
  adaptGrad,
  adaptGradDenominator,
  adaptGradNoise,
  adaptGradSigma,
  erf,
  erfinv,
} from './adapt-grad.js';
export * from './agi.js';
export * from './big.js';
export * from './blur-ig.js';
export * from './cafo.js';
export * from './caso.js';
export * from './context-aware.js';
export { type DeconvnetOptions, deconvnet } from './deconvnet.js';
export { type DeepLiftOptions, deepLift } from './deep-lift.js';
export { type ExcitationBackpropOptions, excitationBackprop } from './excitation-backprop.js';
export * from './fast-ig.js';
export * from './fista.js';
export * from './fusion-grad.js';
export {
  channelWeightedSum,
  type GradCamOptions,
  gradCam,
  gradCamMaps,
  repeatOverChannels,
} from './grad-cam.js';
export { type GradientOptions, gradient } from './gradient.js';
export { type GradientXInputOptions, gradientXInput } from './gradient-x-input.js';
export { type GuidedBackpropOptions, guidedBackprop } from './guided-backprop.js';
export { type GuidedGradCamOptions, guidedGradCam } from './guided-grad-cam.js';
export * from './guided-ig.js';
export {
  type IGosOptions,
  type IGosResult,
  type IGosStep,
  iGos,
  runIGos,
  upsampleAdjoint,
} from './i-gos.js';
export { type IntegratedGradientsOptions, integratedGradients } from './integrated-gradients.js';
export {
  attributeAtPoints,
  type BaselineSpec,
  type DataBounds,
  elementBounds,
  gaussLegendre,
  type InnerMethod,
  type Normalization,
  pathPoints,
  type Quadrature,
  type QuadratureRule,
  quadrature,
  quadratureRules,
  resolveBaseline,
  sumGradients,
} from './integration-path.js';
export {
  type InvariantPerturbationOptions,
  type InvariantPerturbationResult,
  invariantPerturbation,
  runInvariantPerturbation,
} from './invariant-perturbation.js';
export {
  evaluateIsaLoss,
  type IsaLoss,
  type IsaOptions,
  type IsaResult,
  isa,
  resolveIsaOptions,
  runIsa,
} from './isa.js';
export { type ArmijoOptions, armijoBacktracking, armijoHolds } from './line-search.js';
export { type LrpOptions, linearRule, lrp } from './lrp.js';
export {
  type MeaningfulPerturbationOptions,
  meaningfulPerturbation,
} from './meaningful-perturbation.js';
export * from './mfaba.js';
export { minMaxNormalize } from './min-max.js';
export {
  meanOverNoisyModels,
  NOISE_GRAD_STREAM,
  type NoiseGradOptions,
  noiseGrad,
} from './noise-grad.js';
export { type OcclusionOptions, occlusion } from './occlusion.js';
export * from './papers-backward.js';
export * from './papers-baselines.js';
export * from './papers-second-order.js';
export * from './pixel-space.js';
export * from './power-iteration.js';
export { getMethod, methods } from './registry.js';
export { type RiseOptions, rise, riseMasks } from './rise.js';
export { channelMaxAbs, type SaliencyOptions, saliency } from './saliency.js';
export * from './smooth-cafo.js';
export * from './smooth-caso.js';
export {
  SMOOTH_GRAD_STREAM,
  type SmoothGradOptions,
  type SmoothingOptions,
  smoothedWithWeightNoise,
  smoothGrad,
  smoothGradSigma,
  type WeightNoiseSpec,
} from './smooth-grad.js';
export * from './soft-threshold.js';
export { addTotalVariationGradient, totalVariation } from './total-variation.js';
