export { decodeOnnxModel } from './decode-model.js';
export { inspectOnnxModel } from './inspect.js';
export { loadOnnxModel, type OnnxModel, type OnnxModelOptions } from './load-onnx-model.js';
export { type Dim, describeOnnxModel, type OnnxModelInfo, type TensorInfo } from './model-info.js';
