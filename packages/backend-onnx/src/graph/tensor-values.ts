import { onnx, type TensorProto } from '../onnx-proto.js';
import { DOUBLE, FLOAT } from './graph.js';

/**
 * The values of a float32 or float64 initializer stored in the file, as float64; undefined
 * for other types and for external data (what is not in memory is not rewritten).
 */
export function floatTensorValues(t: TensorProto): Float64Array | undefined {
  if ((t.externalData?.length ?? 0) > 0) return undefined;
  // A copy into a fresh buffer: a decoded Buffer's slice() is a view at any byte offset.
  const raw = t.rawData && t.rawData.length > 0 ? new Uint8Array(t.rawData) : undefined;
  if (t.dataType === FLOAT) {
    if (raw) return Float64Array.from(new Float32Array(raw.buffer, 0, raw.byteLength / 4));
    return Float64Array.from(t.floatData ?? []);
  }
  if (t.dataType === DOUBLE) {
    if (raw) return new Float64Array(raw.buffer, 0, raw.byteLength / 8);
    return Float64Array.from(t.doubleData ?? []);
  }
  return undefined;
}

/** The values of an int64 or int32 tensor stored in the file, as numbers; undefined otherwise. */
export function intTensorValues(t: TensorProto): number[] | undefined {
  if ((t.externalData?.length ?? 0) > 0) return undefined;
  const raw = t.rawData && t.rawData.length > 0 ? new Uint8Array(t.rawData) : undefined;
  const { INT64, INT32 } = onnx.TensorProto.DataType;
  if (t.dataType === INT64) {
    if (raw) return Array.from(new BigInt64Array(raw.buffer, 0, raw.byteLength / 8), Number);
    return (t.int64Data ?? []).map(Number);
  }
  if (t.dataType === INT32) {
    if (raw) return Array.from(new Int32Array(raw.buffer, 0, raw.byteLength / 4));
    return (t.int32Data ?? []).map(Number);
  }
  return undefined;
}

/** A new float32 or float64 (`dataType`) initializer named `name` holding `values` rounded to it. */
export function floatTensor(
  name: string,
  dataType: number,
  dims: readonly number[],
  values: Float64Array,
): TensorProto {
  const data = dataType === DOUBLE ? Float64Array.from(values) : Float32Array.from(values);
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

/** The number of elements of a tensor with these dims. */
export function elementCount(dims: readonly unknown[]): number {
  return dims.reduce((a: number, d) => a * Number(d), 1);
}
