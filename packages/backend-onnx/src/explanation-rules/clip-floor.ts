import { attrFloat } from '../graph/attributes.js';
import { floatTensorValues } from '../graph/tensor-values.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';

/**
 * A Clip's lower bound: its `min` attribute before opset 11, after it its optional second
 * input, a constant (`constants`: the model's initializers and Constant nodes); −∞ without
 * one, undefined when it is computed in the graph or not a single float.
 */
export function clipFloor(
  node: NodeProto,
  opset: number,
  constants: ((name: string) => TensorProto | undefined) | undefined,
): number | undefined {
  if (opset < 11) return attrFloat(node, 'min', Number.NEGATIVE_INFINITY);
  const name = node.input?.[1];
  if (!name) return Number.NEGATIVE_INFINITY;
  const tensor = constants?.(name);
  const values = tensor ? floatTensorValues(tensor) : undefined;
  return values?.length === 1 ? values[0] : undefined;
}
