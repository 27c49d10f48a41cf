import { attr, attrInt, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { positionsLike, scatterBack } from './common.js';
import type { OpRule } from './rule.js';
import { picking } from './tensor-ops.js';

/** Scattering a cotangent back to its positions takes ScatterElements (opset 11). */
const needsScatter: OpRule['check'] = (_node, opset) =>
  opset < 11
    ? 'its gradient scatters with ScatterElements (opset 11+); export at 11 or later'
    : undefined;

/**
 * ReverseSequence and Compress move or drop elements by position (sequence lengths, a
 * condition: constants to the derivative), so they are picking ops: JVP the same op on
 * the tangent, VJP the cotangent scattered back where the op took each element from.
 */
export const reverseSequenceRule = picking([1], needsScatter);
export const compressRule = picking([1], needsScatter);

/**
 * CenterCropPad (18): crops or zero-pads each axis about its centre. VJP: the cotangent
 * scattered back through the op run on positions + 1, so padding (zeros) becomes -1,
 * which scatters nowhere; JVP: the op on the tangent.
 */
export const centerCropPadRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const one = b.int64(1, []);
    const moved = b.op(
      'CenterCropPad',
      [b.op('Add', [positionsLike(b, x), one]), node.input![1]!],
      copyAttrs(node),
    );
    return [scatterBack(b, x, dy!, b.op('Sub', [moved, one]))];
  },
  jvp: (node, [dx], { b }) => [b.op('CenterCropPad', [dx!, node.input![1]!], copyAttrs(node))],
};

/**
 * TopK's values: the elements of X at the indices output, along `axis` (the indices get
 * no derivative). VJP: the cotangent scattered to those positions (distinct, so no
 * sums); JVP: the tangent gathered there. Ties pick by ONNX Runtime's order, as forward.
 */
export const topKRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  differentiableOutputs: () => [0],
  check: needsScatter,
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const axis = [attr.int('axis', attrInt(node, 'axis', -1))];
    const from = b.op('GatherElements', [positionsLike(b, x), indicesOf(node, b)], axis);
    return [scatterBack(b, x, dy!, from)];
  },
  jvp(node, [dx], { b }) {
    const axis = [attr.int('axis', attrInt(node, 'axis', -1))];
    return [b.op('GatherElements', [dx!, indicesOf(node, b)], axis)];
  },
};

/** TopK's indices output, or the node re-run for it when the model leaves it unnamed. */
function indicesOf(node: NodeProto, b: GraphBuilder): string {
  const named = node.output?.[1];
  return named ? named : b.ops('TopK', node.input!, copyAttrs(node), 2)[1]!;
}
