import { type AttributeProto, type NodeProto, onnx, type TensorProto } from '../onnx-proto.js';
import { attr } from './attributes.js';
import { DOUBLE } from './graph.js';

/** The largest int64, as Slice's "to the end". */
export const INT64_MAX = 9223372036854775807n;
/** The smallest int64, as a reversed Slice's "past the beginning". */
export const INT64_MIN = -9223372036854775808n;

/**
 * Emits new nodes and constants next to an existing graph, with fresh unique names.
 * Constants become initializers; float constants take the graph's float type, so a
 * rule written once serves float and double models.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used: Set<string>;
  private readonly constants = new Map<string, string>();
  private counter = 0;

  constructor(
    /** The default-domain opset the emitted nodes must belong to. */
    readonly opset: number,
    /** The element type of the differentiated tensors (FLOAT or DOUBLE). */
    readonly floatType: number,
    usedNames: Iterable<string>,
    private readonly prefix = 'xai',
  ) {
    this.used = new Set(usedNames);
  }

  /** A name no tensor or node of the graph has yet. */
  fresh(hint: string): string {
    for (;;) {
      const name = `${this.prefix}/${hint}_${this.counter++}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  /** Emits a node and returns its output names. */
  ops(
    opType: string,
    inputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
    outputs = 1,
  ): string[] {
    const out = Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push(
      onnx.NodeProto.create({
        name: this.fresh(opType),
        opType,
        input: [...inputs],
        output: out,
        attribute: [...attributes],
      }),
    );
    return out;
  }

  /** Emits a one-output node and returns its output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
  ): string {
    return this.ops(opType, inputs, attributes, 1)[0]!;
  }

  /** A float constant of the graph's float type (cached by value). */
  float(values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.constant(`f:${shape}:${list}`, () => {
      const data = this.floatType === DOUBLE ? new Float64Array(list) : new Float32Array(list);
      return {
        dataType: this.floatType,
        dims: [...shape],
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    });
  }

  /**
   * A float32 constant whatever the graph's float type: for inputs the ONNX spec types as
   * float whatever the data's type (Resize's and Upsample's scales).
   */
  float32(values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.constant(`f32:${shape}:${list}`, () => {
      const data = new Float32Array(list);
      return {
        dataType: onnx.TensorProto.DataType.FLOAT,
        dims: [...shape],
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    });
  }

  /** An int64 constant (cached by value); a 1-D list unless `dims` says otherwise. */
  int64(
    values: number | bigint | ReadonlyArray<number | bigint>,
    dims?: readonly number[],
  ): string {
    const list = typeof values === 'number' || typeof values === 'bigint' ? [values] : values;
    const shape = dims ?? (typeof values === 'object' ? [list.length] : []);
    return this.constant(`i:${shape}:${list}`, () => {
      const data = BigInt64Array.from(list.map((v) => BigInt(v)));
      return {
        dataType: onnx.TensorProto.DataType.INT64,
        dims: [...shape],
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    });
  }

  /** A tensor value for ConstantOfShape's `value` attribute: one element of the float type. */
  floatValueAttr(v: number): AttributeProto {
    const data = this.floatType === DOUBLE ? new Float64Array([v]) : new Float32Array([v]);
    return attr.tensor('value', {
      dataType: this.floatType,
      dims: [1],
      rawData: new Uint8Array(data.buffer),
    });
  }

  private constant(key: string, make: () => TensorProto): string {
    const hit = this.constants.get(key);
    if (hit) return hit;
    const name = this.fresh('const');
    this.initializers.push(onnx.TensorProto.create({ ...make(), name }));
    this.constants.set(key, name);
    return name;
  }
}
