export { type DeconvnetOptions, deconvnet } from './backward/deconvnet.js';
export { type DeepLiftOptions, deepLift } from './backward/deep-lift.js';
export {
  type ExcitationBackpropOptions,
  excitationBackprop,
} from './backward/excitation-backprop.js';
export {
  channelWeightedSum,
  type GradCamOptions,
  gradCam,
  gradCamMaps,
  repeatOverChannels,
} from './backward/grad-cam.js';
export { type GuidedBackpropOptions, guidedBackprop } from './backward/guided-backprop.js';
export { type GuidedGradCamOptions, guidedGradCam } from './backward/guided-grad-cam.js';
export { type LrpOptions, linearRule, lrp } from './backward/lrp.js';
export * from './backward/papers-backward.js';
export { type GradientOptions, gradient } from './gradient/gradient.js';
export { type GradientXInputOptions, gradientXInput } from './gradient/gradient-x-input.js';
export { channelMaxAbs, type SaliencyOptions, saliency } from './gradient/saliency.js';
export { Adam, type AdamOptions } from './optim/adam.js';
export * from './optim/fista.js';
export { type ArmijoOptions, armijoBacktracking, armijoHolds } from './optim/line-search.js';
export * from './optim/power-iteration.js';
export * from './optim/soft-threshold.js';
export * from './path/agi.js';
export * from './path/big.js';
export * from './path/blur-ig.js';
export * from './path/fast-ig.js';
export * from './path/guided-ig.js';
export {
  type IntegratedGradientsOptions,
  integratedGradients,
} from './path/integrated-gradients.js';
export * from './path/mfaba.js';
export * from './path/papers-baselines.js';
export * from './path/pixel-space.js';
export {
  type InvariantPerturbationOptions,
  type InvariantPerturbationResult,
  invariantPerturbation,
  runInvariantPerturbation,
} from './perturbation/invariant-perturbation.js';
export {
  type MeaningfulPerturbationOptions,
  meaningfulPerturbation,
} from './perturbation/meaningful-perturbation.js';
export { type OcclusionOptions, occlusion } from './perturbation/occlusion.js';
export { type RiseOptions, rise, riseMasks } from './perturbation/rise.js';
export { getMethod, methods } from './registry.js';
export {
  type IGosOptions,
  type IGosResult,
  type IGosStep,
  iGos,
  runIGos,
  upsampleAdjoint,
} from './search/i-gos.js';
export {
  evaluateIsaLoss,
  type IsaLoss,
  type IsaOptions,
  type IsaResult,
  isa,
  resolveIsaOptions,
  runIsa,
} from './search/isa.js';
export * from './second-order/cafo.js';
export * from './second-order/caso.js';
export * from './second-order/context-aware.js';
export { chooseLambda2 } from './second-order/lambda2.js';
export { contextAwareObjective } from './second-order/objective.js';
export {
  type ContextAwareOptions,
  contextAwareDefaults,
  contextAwareRules,
  withDefaults,
} from './second-order/options.js';
export * from './second-order/papers-second-order.js';
export {
  type ContextAwareProblem,
  type ObjectiveOrder,
  prepareContextAware,
} from './second-order/problem.js';
export * from './second-order/smooth-cafo.js';
export * from './second-order/smooth-caso.js';
export {
  type ContextAwareResult,
  type FistaRun,
  type SweepCandidate,
  selectCandidate,
  solveContextAware,
} from './second-order/solver.js';
export { normalizeAttribution, sparsityRatio } from './second-order/sparsity.js';
export { attributeAtPoints, type InnerMethod } from './shared/attribute-at-points.js';
export { type BaselineSpec, resolveBaseline } from './shared/baselines.js';
export { type DataBounds, elementBounds, type Normalization } from './shared/bounds.js';
export { minMaxNormalize } from './shared/min-max.js';
export { pathPoints } from './shared/path-points.js';
export {
  gaussLegendre,
  type Quadrature,
  type QuadratureRule,
  quadrature,
  quadratureRules,
} from './shared/quadrature.js';
export { sumGradients } from './shared/sum-gradients.js';
export { addTotalVariationGradient, totalVariation } from './shared/total-variation.js';
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
export * from './smoothing/fusion-grad.js';
export {
  meanOverNoisyModels,
  NOISE_GRAD_STREAM,
  type NoiseGradOptions,
  noiseGrad,
} from './smoothing/noise-grad.js';
export {
  SMOOTH_GRAD_STREAM,
  type SmoothGradOptions,
  type SmoothingOptions,
  smoothedWithWeightNoise,
  smoothGrad,
  smoothGradSigma,
  type WeightNoiseSpec,
} from './smoothing/smooth-grad.js';
