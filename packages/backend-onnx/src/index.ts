export { loadOnnxModel, type OnnxModel, type OnnxModelOptions } from './load-onnx-model.js';
export { inspectOnnxModel } from './inspect.js';
export { describeOnnxModel, type OnnxModelInfo, type TensorInfo, type Dim } from './model-info.js';
export { decodeOnnxModel } from './decode-model.js';
