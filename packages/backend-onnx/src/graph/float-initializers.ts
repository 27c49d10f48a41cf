import { type ModelProto, onnx, type TensorProto } from '../onnx-proto.js';
import { FLOAT } from './graph.js';

/**
 * A copy of the model in which each float32 initializer stored in the file gets the values
 * `replace` returns for it (a copy of its values is passed), or stays as it is when `replace`
 * returns undefined. Visited in graph order, so seeded draws depend only on the model.
 */
export function withFloatInitializers(
  model: ModelProto,
  replace: (t: TensorProto, values: Float32Array) => Float32Array | undefined,
): ModelProto {
  const g = model.graph!;
  const initializer = (g.initializer ?? []).map((t): TensorProto => {
    const values = floatValues(t);
    const out = values && replace(t, values);
    if (!out) return t;
    return onnx.TensorProto.create({
      name: t.name,
      dims: t.dims,
      dataType: FLOAT,
      rawData: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    });
  });
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...g, initializer }) });
}

/** The values of a float32 initializer stored in the file, or undefined for others. */
function floatValues(t: TensorProto): Float32Array | undefined {
  if (t.dataType !== FLOAT || (t.externalData?.length ?? 0) > 0) return undefined;
  if (t.rawData && t.rawData.length > 0) {
    const copy = t.rawData.slice();
    return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  }
  return t.floatData && t.floatData.length > 0 ? Float32Array.from(t.floatData) : undefined;
}
