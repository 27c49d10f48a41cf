export { DenseAnalyticModel, type SampleDerivatives } from './dense-model.js';
export { linearModel, randomLinearModel } from './linear-model.js';
export { quadraticModel, randomQuadraticModel } from './quadratic-model.js';
export { reluNetwork, randomReluNetwork, type ReluNetworkWeights } from './relu-network.js';
export { exactLossHessian, lossHessianOnLogits } from './loss-hessian.js';
