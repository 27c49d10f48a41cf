import { decodeOnnxModel } from './decode-model.js';
import { readModelBytes } from './load/model-io.js';
import { describeOnnxModel, type OnnxModelInfo } from './model-info.js';

/** Reads and summarises a model without starting ONNX Runtime. */
export async function inspectOnnxModel(source: string | Uint8Array): Promise<OnnxModelInfo> {
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  return describeOnnxModel(decodeOnnxModel(await readModelBytes(source), name));
}
