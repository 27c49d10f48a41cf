import { type AttributeProto, type ModelProto, onnx, type TensorProto } from '../onnx-proto.js';
import { FLOAT } from './graph.js';

const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;
const BFLOAT16 = onnx.TensorProto.DataType.BFLOAT16;
const narrow = (t: number | null | undefined) => t === FLOAT16 || t === BFLOAT16;

/**
 * Float16 and bfloat16 models are widened to float32 at load: weights and constants are
 * converted exactly (every half value is a float32), casts to a half type become casts to
 * float32, and the graph's inputs and outputs are declared float32. Forward, gradients and
 * the derivative graphs then all run in float32, so the derivative rules need no mixed
 * types; the price is that results are float32's, not the half model's rounding. Returns
 * undefined when the model has no half-precision tensor.
 */
export function widenFloat16(model: ModelProto): ModelProto | undefined {
  const g = model.graph!;
  let changed = false;
  const tensor = (t: TensorProto): TensorProto => {
    if (!narrow(t.dataType)) return t;
    changed = true;
    return onnx.TensorProto.create({ ...t, dataType: FLOAT, rawData: widenData(t), int32Data: [] });
  };
  const attribute = (a: AttributeProto): AttributeProto => {
    if (a.t) return onnx.AttributeProto.create({ ...a, t: tensor(a.t) });
    if (a.name === 'to' && narrow(Number(a.i))) {
      changed = true;
      return onnx.AttributeProto.create({ ...a, i: FLOAT });
    }
    return a;
  };
  const node = (g.node ?? []).map((n) =>
    onnx.NodeProto.create({ ...n, attribute: (n.attribute ?? []).map(attribute) }),
  );
  const initializer = (g.initializer ?? []).map(tensor);
  const info = (list: typeof g.input) =>
    (list ?? []).map((v) => {
      const tt = v.type?.tensorType;
      if (!tt || !narrow(tt.elemType)) return v;
      changed = true;
      return onnx.ValueInfoProto.create({
        ...v,
        type: onnx.TypeProto.create({ ...v.type, tensorType: { ...tt, elemType: FLOAT } }),
      });
    });
  const graph = onnx.GraphProto.create({
    ...g,
    node,
    initializer,
    input: info(g.input),
    output: info(g.output),
    valueInfo: info(g.valueInfo),
  });
  return changed ? onnx.ModelProto.create({ ...model, graph }) : undefined;
}

/** The float32 bytes of a float16 or bfloat16 tensor (raw data or int32_data). */
function widenData(t: TensorProto): Uint8Array {
  let bits: Uint16Array;
  if (t.rawData && t.rawData.length > 0) {
    // A copy: a decoded Buffer's slice() is a view, at an odd byte offset as often as not.
    const raw = new Uint8Array(t.rawData);
    bits = new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  } else {
    bits = Uint16Array.from((t.int32Data ?? []).map((v) => v & 0xffff));
  }
  const out = new Float32Array(bits.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < bits.length; i++) {
    if (t.dataType === BFLOAT16) view.setUint32(i * 4, bits[i]! << 16, true);
    else out[i] = halfToFloat(bits[i]!);
  }
  return new Uint8Array(out.buffer);
}

/** IEEE half bits to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
