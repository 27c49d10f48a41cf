/**
 * `@xai/core/testing`: the conformance suite every `Kernels` implementation runs against
 * itself. It imports vitest, an optional peer dependency of core, so import it from tests only.
 */
export { describeKernelConformance } from './describe-kernel-conformance.js';
export type { KernelCheck } from './kernel-check.js';
export {
  type ConformanceFailure,
  checkKernelConformance,
  kernelChecks,
} from './kernel-conformance.js';
export { float32Bits, ulpDistance, ulpOf } from './ulp.js';
export {
  DenseAnalyticModel,
  type SampleDerivatives,
  linearModel,
  randomLinearModel,
  quadraticModel,
  randomQuadraticModel,
  reluNetwork,
  randomReluNetwork,
  type ReluNetworkWeights,
  exactLossHessian,
  lossHessianOnLogits,
} from '../analytic/index.js';
