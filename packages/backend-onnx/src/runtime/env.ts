import { env } from 'onnxruntime-node';

/**
 * ONNX Runtime's global settings: in the browser build onnxruntime-web's (`wasm.numThreads`,
 * `wasm.wasmPaths`, `wasm.proxy`), which take effect when the first model loads.
 */
export const onnxRuntimeEnv = env;
