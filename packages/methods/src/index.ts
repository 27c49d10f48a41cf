/**
 * `@xai/methods`: every attribution method, its options type, and the registry. The
 * helpers the methods share (quadrature, baselines, optimisers, ...) are internal.
 */
export { type DeconvnetOptions, deconvnet } from './backward/deconvnet.js';
export { type DeepLiftOptions, deepLift } from './backward/deep-lift.js';
export {
  type ExcitationBackpropOptions,
  excitationBackprop,
} from './backward/excitation-backprop.js';
export { type GradCamOptions, gradCam } from './backward/grad-cam.js';
export { type GuidedBackpropOptions, guidedBackprop } from './backward/guided-backprop.js';
export { type GuidedGradCamOptions, guidedGradCam } from './backward/guided-grad-cam.js';
export { type LrpOptions, lrp } from './backward/lrp.js';
export { type GradientOptions, gradient } from './gradient/gradient.js';
export { type GradientXInputOptions, gradientXInput } from './gradient/gradient-x-input.js';
export { type SaliencyOptions, saliency } from './gradient/saliency.js';
export { type AgiOptions, agi } from './path/agi.js';
export { type BigOptions, big } from './path/big.js';
export { type BlurIgOptions, blurIg } from './path/blur-ig.js';
export { type FastIgOptions, fastIg } from './path/fast-ig.js';
export { type GuidedIgOptions, guidedIg } from './path/guided-ig.js';
export {
  type IntegratedGradientsOptions,
  integratedGradients,
} from './path/integrated-gradients.js';
export { type MfabaOptions, mfaba } from './path/mfaba.js';
export {
  type InvariantPerturbationOptions,
  invariantPerturbation,
} from './perturbation/invariant-perturbation.js';
export {
  type MeaningfulPerturbationOptions,
  meaningfulPerturbation,
} from './perturbation/meaningful-perturbation.js';
export { type OcclusionOptions, occlusion } from './perturbation/occlusion.js';
export { type RiseOptions, rise } from './perturbation/rise.js';
export { getMethod, methods } from './registry.js';
export { type IGosOptions, iGos } from './search/i-gos.js';
export { type IsaOptions, isa } from './search/isa.js';
export { type CAFOOptions, cafo } from './second-order/cafo.js';
export { type CASOOptions, caso } from './second-order/caso.js';
export { type SmoothCAFOOptions, smoothCafo } from './second-order/smooth-cafo.js';
export { type SmoothCASOOptions, smoothCaso } from './second-order/smooth-caso.js';
export { type AdaptGradOptions, adaptGrad } from './smoothing/adapt-grad.js';
export { composeSmoothing } from './smoothing/compose-smoothing.js';
export { type FusionGradOptions, fusionGrad } from './smoothing/fusion-grad.js';
export { type NoiseGradOptions, noiseGrad } from './smoothing/noise-grad.js';
export { type SmoothGradOptions, smoothGrad } from './smoothing/smooth-grad.js';
