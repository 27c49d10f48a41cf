/**
 * `@xai/core/testing`: the conformance suite every `Kernels` implementation runs against
 * itself. It imports vitest, an optional peer dependency of core, so import it from tests only.
 */

export {
  DenseAnalyticModel,
  exactLossHessian,
  linearModel,
  lossHessianOnLogits,
  oneClassLinearModel,
  quadraticModel,
  type ReluNetworkWeights,
  randomLinearModel,
  randomQuadraticModel,
  randomReluNetwork,
  randomReluWeights,
  randomTanhModel,
  reluNetwork,
  type SampleDerivatives,
} from '../analytic/index.js';
export { describeKernelConformance } from './describe-kernel-conformance.js';
export {
  describeOptionResolver,
  type OptionHarness,
  type OptionRun,
  type OptionsOf,
} from './describe-option-resolver.js';
export type { KernelCheck } from './kernel-check.js';
export {
  type ConformanceFailure,
  checkKernelConformance,
  kernelChecks,
} from './kernel-conformance.js';
export { invalidValues, misspelt } from './option-checks.js';
export { float32Bits, ulpDistance, ulpOf } from './ulp.js';
export { withoutLossVjp } from './without-loss-vjp.js';
