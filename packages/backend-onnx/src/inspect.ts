import { decodeOnnxModel } from './decode-model.js';
import { describeOnnxModel, type OnnxModelInfo } from './model-info.js';
import { readModelBytes } from './read-source.js';

/** Reads and summarises a model without starting ONNX Runtime. */
export async function inspectOnnxModel(source: string | Uint8Array): Promise<OnnxModelInfo> {
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  return describeOnnxModel(decodeOnnxModel(await readModelBytes(source), name));
}
