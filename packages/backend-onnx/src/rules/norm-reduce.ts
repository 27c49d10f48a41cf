import { attr, attrInt, attrInts } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { expandLike, shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * The reductions that are a sum of `f(x)` followed by `g` (ReduceL1, ReduceL2,
 * ReduceSumSquare, ReduceLogSum, ReduceLogSumExp, ReduceProd): `dy/dx = g'(.) f'(x)`.
 * `local(x, yKept)` is that factor, with the output broadcast back over x; the JVP is a
 * ReduceSum of `local dX` over the node's axes, the VJP `local dY` with dY broadcast back.
 */
function sumOf(local: (b: GraphBuilder, x: string, yKept: string) => string): OpRule {
  return {
    differentiable: () => [0],
    constantInputs: [1],
    check(node) {
      return attrInt(node, 'noop_with_empty_axes', 0) === 1
        ? 'noop_with_empty_axes=1 is not supported'
        : undefined;
    },
    vjp(node, [dy], { b }) {
      const x = node.input![0]!;
      const kept = keptShape(b, node);
      const yKept = b.op('Reshape', [node.output![0]!, kept]);
      const spread = expandLike(b, b.op('Reshape', [dy!, kept]), x);
      return [b.op('Mul', [spread, local(b, x, yKept)])];
    },
    jvp(node, [dx], { b }) {
      const yKept = b.op('Reshape', [node.output![0]!, keptShape(b, node)]);
      const d = b.op('Mul', [dx!, local(b, node.input![0]!, yKept)]);
      return [reduceSumLike(b, node, d)];
    },
  };
}

/** The run-time shape of the node's output with kept dims. */
function keptShape(b: GraphBuilder, node: NodeProto): string {
  const others = (node.attribute ?? []).filter((a) => a.name !== 'keepdims');
  return shapeOf(b, b.op(node.opType!, node.input!, [...others, attr.int('keepdims', 1)]));
}

/** ReduceSum of `t` over the node's axes with its keepdims, in the form the opset wants. */
export function reduceSumLike(b: GraphBuilder, node: NodeProto, t: string): string {
  const keep = [attr.int('keepdims', attrInt(node, 'keepdims', 1))];
  const axesInput = node.input![1];
  const axesAttr = attrInts(node, 'axes');
  if (b.opset < 13)
    return b.op('ReduceSum', [t], [...keep, ...(axesAttr ? [attr.ints('axes', axesAttr)] : [])]);
  if (axesInput) return b.op('ReduceSum', [t, axesInput], keep);
  return b.op('ReduceSum', axesAttr ? [t, b.int64(axesAttr)] : [t], keep);
}

/** ReduceL1: `sign(x)`. */
export const reduceL1Rule = sumOf((b, x) => b.op('Sign', [x]));
/** ReduceL2: `x / y`. */
export const reduceL2Rule = sumOf((b, x, y) => b.op('Div', [x, y]));
/** ReduceSumSquare: `2 x`. */
export const reduceSumSquareRule = sumOf((b, x) => b.op('Mul', [x, b.float(2)]));
/** ReduceLogSum `log(sum x)`: `1 / sum x = exp(-y)`. */
export const reduceLogSumRule = sumOf((b, x, y) =>
  expandLike(b, b.op('Exp', [b.op('Neg', [y])]), x),
);
/** ReduceLogSumExp: `exp(x - y)`, the softmax over the reduced axes. */
export const reduceLogSumExpRule = sumOf((b, x, y) => b.op('Exp', [b.op('Sub', [x, y])]));
/** ReduceProd: `y / x` (the product of the other elements; undefined where x is exactly 0). */
export const reduceProdRule = sumOf((b, x, y) => b.op('Div', [y, x]));

/** GlobalLpPool `(sum |x|^p)^(1/p)` over the spatial axes: `sign(x) |x|^(p-1) y^(1-p)`. */
export const globalLpPoolRule: OpRule = {
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    return [b.op('Mul', [expandLike(b, dy!, x), lpLocal(b, node, x)])];
  },
  jvp(node, [dx], { b }) {
    const x = node.input![0]!;
    const d = b.op('Mul', [dx!, lpLocal(b, node, x)]);
    // GlobalAveragePool times the spatial size: the spatial sum, kept dims.
    const n = b.op('Div', [
      b.op('Cast', [b.op('Size', [x])], [attr.int('to', b.floatType)]),
      b.op('Cast', [b.op('Size', [node.output![0]!])], [attr.int('to', b.floatType)]),
    ]);
    return [b.op('Mul', [b.op('GlobalAveragePool', [d]), n])];
  },
};

function lpLocal(b: GraphBuilder, node: NodeProto, x: string): string {
  const p = attrInt(node, 'p', 2);
  const y = node.output![0]!;
  const ax = b.op('Abs', [x]);
  const xp = p === 2 ? x : b.op('Mul', [b.op('Sign', [x]), b.op('Pow', [ax, b.float(p - 1)])]);
  return b.op('Mul', [xp, b.op('Pow', [y, b.float(1 - p)])]);
}
