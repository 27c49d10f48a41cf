export { DenseAnalyticModel, type SampleDerivatives } from './dense-model.js';
export { linearModel, oneClassLinearModel, randomLinearModel } from './linear-model.js';
export { exactLossHessian, lossHessianOnLogits } from './loss-hessian.js';
export { quadraticModel, randomQuadraticModel } from './quadratic-model.js';
export {
  type ReluNetworkWeights,
  randomReluNetwork,
  randomReluWeights,
  reluNetwork,
} from './relu-network.js';
export { randomTanhModel } from './tanh-model.js';
