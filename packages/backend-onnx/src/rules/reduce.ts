import { attr, copyAttrs } from '../graph/attributes.js';
import { expandLike, shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * ReduceSum and ReduceMean over any axes, keepdims or not, axes as attribute or input.
 * JVP: the same reduction of the tangent. VJP: the cotangent reshaped to the kept-dims
 * shape (the run-time shape of the same reduction with keepdims=1) and broadcast back
 * over x, divided by the number of elements averaged for the mean.
 */
export const reduceRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const kept = b.op(node.opType!, node.input!, [
      ...copyAttrs(node, 'keepdims'),
      attr.int('keepdims', 1),
    ]);
    const spread = expandLike(b, b.op('Reshape', [dy!, shapeOf(b, kept)]), x);
    if (node.opType === 'ReduceSum') return [spread];
    const size = (t: string) => b.op('Cast', [b.op('Size', [t])], [attr.int('to', b.floatType)]);
    return [b.op('Mul', [spread, b.op('Div', [size(kept), size(x)])])];
  },
  jvp(node, [dx], { b }) {
    return [b.op(node.opType!, [dx!, ...node.input!.slice(1)], copyAttrs(node))];
  },
};
