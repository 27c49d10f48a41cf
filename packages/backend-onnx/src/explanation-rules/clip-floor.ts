import { attrFloat } from '../graph/attributes.js';
import { floatTensorValues } from '../graph/tensor-values.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';

/**
 * A Clip's lower bound: its `min` attribute before opset 11, after it its optional second
 * input, read from a Constant node or an initializer (`initializer`); −∞ without one,
 * undefined when it is computed in the graph or not a single float.
 */
export function clipFloor(
  node: NodeProto,
  opset: number,
  producers: ReadonlyMap<string, NodeProto> | undefined,
  initializer: (name: string) => TensorProto | undefined,
): number | undefined {
  if (opset < 11) return attrFloat(node, 'min', Number.NEGATIVE_INFINITY);
  const name = node.input?.[1];
  if (!name) return Number.NEGATIVE_INFINITY;
  const constant = producers?.get(name);
  const tensor =
    constant === undefined
      ? initializer(name)
      : constant.opType === 'Constant'
        ? (constant.attribute?.find((a) => a.name === 'value')?.t ?? undefined)
        : undefined;
  const values = tensor ? floatTensorValues(tensor) : undefined;
  return values?.length === 1 ? values[0] : undefined;
}
