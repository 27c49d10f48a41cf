import { attr, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { expandLike, shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * ReduceMax, ReduceMin and GlobalMaxPool: the derivative goes to the elements equal to
 * the extreme, shared equally between ties (as torch.amax does; ties are rare in float
 * data, except the zeros after a ReLU, whose upstream gradient is zero anyway).
 * With `m` the 0/1 mask of the extremes, JVP: `mean(m dX) / mean(m)` over the reduced
 * axes; VJP: `dY m / sum(m)`, broadcast back over X.
 */
export const maxReduceRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const kept = b.op(node.opType!, node.input!, keepDims(node));
    const m = extremes(b, x, kept);
    const count = b.op('Mul', [
      b.op('ReduceMean', [m, ...node.input!.slice(1)], keepDims(node)),
      sizeRatio(b, x, kept),
    ]);
    const spread = expandLike(b, b.op('Reshape', [dy!, shapeOf(b, kept)]), x);
    return [b.op('Div', [b.op('Mul', [spread, m]), count])];
  },
  jvp(node, [dx], { b }) {
    const x = node.input![0]!;
    const m = extremes(b, x, b.op(node.opType!, node.input!, keepDims(node)));
    const mean = (t: string) => b.op('ReduceMean', [t, ...node.input!.slice(1)], copyAttrs(node));
    return [b.op('Div', [mean(b.op('Mul', [m, dx!])), mean(m)])];
  },
};

/** GlobalMaxPool: ReduceMax over the spatial axes with kept dims, by the same rule. */
export const globalMaxPoolRule: OpRule = {
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const m = extremes(b, x, node.output![0]!);
    const count = b.op('Mul', [b.op('GlobalAveragePool', [m]), sizeRatio(b, x, dy!)]);
    return [b.op('Div', [b.op('Mul', [dy!, m]), count])];
  },
  jvp(node, [dx], { b }) {
    const m = extremes(b, node.input![0]!, node.output![0]!);
    return [
      b.op('Div', [
        b.op('GlobalAveragePool', [b.op('Mul', [m, dx!])]),
        b.op('GlobalAveragePool', [m]),
      ]),
    ];
  },
};

function keepDims(node: import('../onnx-proto.js').NodeProto) {
  return [...copyAttrs(node, 'keepdims'), attr.int('keepdims', 1)];
}

/** 1 where `x` equals its (broadcast) extreme, else 0, in the graph's float type. */
function extremes(b: GraphBuilder, x: string, kept: string): string {
  return b.op('Cast', [b.op('Equal', [x, kept])], [attr.int('to', b.floatType)]);
}

/** `size(x) / size(kept)`: how many elements each reduced value summarises. */
function sizeRatio(b: GraphBuilder, x: string, kept: string): string {
  const size = (t: string) => b.op('Cast', [b.op('Size', [t])], [attr.int('to', b.floatType)]);
  return b.op('Div', [size(x), size(kept)]);
}
