export { decodeOnnxModel } from './decode-model.js';
export { decomposedAtLoad } from './graph/decompose-contrib.js';
export type { WeightNoiseOptions } from './graph/weight-noise.js';
export { inspectOnnxModel } from './inspect.js';
export {
  loadOnnxModel,
  type OnnxClassifier,
  type OnnxModel,
  type OnnxModelOptions,
} from './load-onnx-model.js';
export { type Dim, describeOnnxModel, type OnnxModelInfo, type TensorInfo } from './model-info.js';
export { notCovered } from './rules/not-covered.js';
export { type GradientSupport, gradientSupport, opCoverage } from './rules/registry.js';
export { onnxRuntimeEnv } from './runtime/env.js';
export type { SpinWait } from './session.js';
