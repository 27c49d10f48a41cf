import { type AttributeProto, type NodeProto, onnx, type TensorProto } from '../onnx-proto.js';

const T = onnx.AttributeProto.AttributeType;

function find(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name) ?? undefined;
}

/** An integer attribute, or `fallback` when the node does not set it. */
export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a?.i !== undefined && a.i !== null ? Number(a.i) : fallback;
}

/** A float attribute, or `fallback`. */
export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a?.f !== undefined && a.f !== null && a.type === T.FLOAT ? a.f : fallback;
}

/** An integer-list attribute, or `undefined` when absent. */
export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = find(node, name);
  return a && a.type === T.INTS ? (a.ints ?? []).map(Number) : undefined;
}

/** A string attribute, or `fallback`. */
export function attrString(node: NodeProto, name: string, fallback: string): string {
  const a = find(node, name);
  return a?.s && a.s.length > 0 ? new TextDecoder().decode(a.s) : fallback;
}

/** True when the node sets the attribute. */
export function hasAttr(node: NodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

/** The node's attributes except those named, for re-emitting a node of the same kind. */
export function copyAttrs(node: NodeProto, ...except: string[]): AttributeProto[] {
  return (node.attribute ?? []).filter((a) => !except.includes(a.name ?? ''));
}

/** Attribute constructors for emitted nodes. */
export const attr = {
  int: (name: string, i: number): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.INT, i }),
  ints: (name: string, ints: readonly number[]): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.INTS, ints: [...ints] }),
  floats: (name: string, floats: readonly number[]): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...floats] }),
  float: (name: string, f: number): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.FLOAT, f }),
  string: (name: string, s: string): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: TensorProto): AttributeProto =>
    onnx.AttributeProto.create({ name, type: T.TENSOR, t }),
};
