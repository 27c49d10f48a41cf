import { XaiError } from '@xai/core';
import { type ModelProto, onnx } from './onnx-proto.js';

/**
 * Decodes ONNX bytes. Protobuf happily decodes many random byte strings, so beyond a
 * decode error this also requires what every model has: a graph with nodes, inputs and
 * outputs, and an opset import.
 */
export function decodeOnnxModel(bytes: Uint8Array, name = 'the model'): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected an ONNX model in ${name} but its bytes do not decode (${(e as Error).message}); the file may be truncated or not ONNX.`,
      { cause: e },
    );
  }
  const g = model.graph;
  const problem = !g
    ? 'it has no graph'
    : (g.node?.length ?? 0) === 0
      ? 'its graph has no nodes'
      : (g.input?.length ?? 0) === 0 || (g.output?.length ?? 0) === 0
        ? 'its graph has no inputs or no outputs'
        : (model.opsetImport?.length ?? 0) === 0
          ? 'it imports no opset'
          : undefined;
  if (problem) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected an ONNX model in ${name} but ${problem}; the file may be truncated or not ONNX.`,
    );
  }
  return model;
}
