export { Adam, type AdamOptions } from './optim/adam.js';
export {
  ADAPT_GRAD_STREAM,
  type AdaptGradOptions,
  adaptGrad,
  adaptGradDenominator,
  adaptGradNoise,
  adaptGradSigma,
  erf,
  erfinv,
} from './smoothing/adapt-grad.js';
export * from './path/agi.js';
export * from './path/big.js';
export * from './path/blur-ig.js';
export * from './second-order/cafo.js';
export * from './second-order/caso.js';
export * from './second-order/context-aware.js';
export { type DeconvnetOptions, deconvnet } from './backward/deconvnet.js';
export { type DeepLiftOptions, deepLift } from './backward/deep-lift.js';
export { type ExcitationBackpropOptions, excitationBackprop } from './backward/excitation-backprop.js';
export * from './path/fast-ig.js';
export * from './optim/fista.js';
export * from './smoothing/fusion-grad.js';
export {
  channelWeightedSum,
  type GradCamOptions,
  gradCam,
  gradCamMaps,
  repeatOverChannels,
} from './backward/grad-cam.js';
export { type GradientOptions, gradient } from './gradient/gradient.js';
export { type GradientXInputOptions, gradientXInput } from './gradient/gradient-x-input.js';
export { type GuidedBackpropOptions, guidedBackprop } from './backward/guided-backprop.js';
export { type GuidedGradCamOptions, guidedGradCam } from './backward/guided-grad-cam.js';
export * from './path/guided-ig.js';
export {
  type IGosOptions,
  type IGosResult,
  type IGosStep,
  iGos,
  runIGos,
  upsampleAdjoint,
} from './search/i-gos.js';
export { type IntegratedGradientsOptions, integratedGradients } from './path/integrated-gradients.js';
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
} from './shared/integration-path.js';
export {
  type InvariantPerturbationOptions,
  type InvariantPerturbationResult,
  invariantPerturbation,
  runInvariantPerturbation,
} from './perturbation/invariant-perturbation.js';
export {
  evaluateIsaLoss,
  type IsaLoss,
  type IsaOptions,
  type IsaResult,
  isa,
  resolveIsaOptions,
  runIsa,
} from './search/isa.js';
export { type ArmijoOptions, armijoBacktracking, armijoHolds } from './optim/line-search.js';
export { type LrpOptions, linearRule, lrp } from './backward/lrp.js';
export {
  type MeaningfulPerturbationOptions,
  meaningfulPerturbation,
} from './perturbation/meaningful-perturbation.js';
export * from './path/mfaba.js';
export { minMaxNormalize } from './shared/min-max.js';
export {
  meanOverNoisyModels,
  NOISE_GRAD_STREAM,
  type NoiseGradOptions,
  noiseGrad,
} from './smoothing/noise-grad.js';
export { type OcclusionOptions, occlusion } from './perturbation/occlusion.js';
export * from './backward/papers-backward.js';
export * from './path/papers-baselines.js';
export * from './second-order/papers-second-order.js';
export * from './path/pixel-space.js';
export * from './optim/power-iteration.js';
export { getMethod, methods } from './registry.js';
export { type RiseOptions, rise, riseMasks } from './perturbation/rise.js';
export { channelMaxAbs, type SaliencyOptions, saliency } from './gradient/saliency.js';
export * from './second-order/smooth-cafo.js';
export * from './second-order/smooth-caso.js';
export {
  SMOOTH_GRAD_STREAM,
  type SmoothGradOptions,
  type SmoothingOptions,
  smoothedWithWeightNoise,
  smoothGrad,
  smoothGradSigma,
  type WeightNoiseSpec,
} from './smoothing/smooth-grad.js';
export * from './optim/soft-threshold.js';
export { addTotalVariationGradient, totalVariation } from './shared/total-variation.js';
