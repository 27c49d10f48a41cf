import { decodeOnnxModel } from '../decode-model.js';
import { encodeModel } from '../graph/graph.js';
import { widenFloat16 } from '../graph/widen-float16.js';
import type { ModelProto } from '../onnx-proto.js';
import { readModelBytes } from './model-io.js';

/** A model read and decoded: what sessions run (`bytes`) and what graphs are built from. */
export interface OpenedModel {
  /** How messages name the model: its quoted path, or "the given bytes". */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly decoded: ModelProto;
}

/** Reads and decodes a model from a path or bytes; half precision is widened to float32. */
export async function openModel(source: string | Uint8Array): Promise<OpenedModel> {
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  const read = await readModelBytes(source);
  const original = decodeOnnxModel(read, name);
  // Half-precision models run (and are differentiated) in float32: see widen-float16.ts.
  const widened = widenFloat16(original);
  return {
    name,
    bytes: widened ? encodeModel(widened) : read,
    decoded: widened ?? original,
  };
}
