import { attr, attrFloat, attrInt } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { reshapeLike, shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * LRN `y_c = x_c S_c^-beta`, `S_c = bias + alpha/size sum_{j in W(c)} x_j^2` over the
 * channel window `W(c) = [c - floor((size-1)/2), c + ceil((size-1)/2)]`. JVP:
 * `dx S^-beta - (2 alpha beta / size) x S^(-beta-1) sum_W(x dx)`. VJP: the transpose,
 * whose window sum runs over the mirrored window `{c : j in W(c)}`. Window sums over
 * channels are a Conv with a column of ones on the `[N, 1, C, rest]` view.
 */
export const lrnRule: OpRule = {
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const { s, sb, k, lo, hi } = parts(node, b);
    const direct = b.op('Mul', [dy!, sb]);
    const u = b.op('Mul', [b.op('Mul', [dy!, x]), b.op('Div', [sb, s])]);
    const back = b.op('Mul', [x, windowSum(b, u, x, hi, lo, node)]);
    return [b.op('Sub', [direct, b.op('Mul', [back, b.float(k)])])];
  },
  jvp(node, [dx], { b }) {
    const x = node.input![0]!;
    const { s, sb, k, lo, hi } = parts(node, b);
    const t = windowSum(b, b.op('Mul', [x, dx!]), x, lo, hi, node);
    const cross = b.op('Mul', [b.op('Mul', [x, b.op('Div', [sb, s])]), t]);
    return [b.op('Sub', [b.op('Mul', [dx!, sb]), b.op('Mul', [cross, b.float(k)])])];
  },
};

function parts(node: NodeProto, b: GraphBuilder) {
  const x = node.input![0]!;
  const size = attrInt(node, 'size', 1);
  const alpha = attrFloat(node, 'alpha', 1e-4);
  const beta = attrFloat(node, 'beta', 0.75);
  const bias = attrFloat(node, 'bias', 1);
  const lo = Math.floor((size - 1) / 2);
  const hi = Math.ceil((size - 1) / 2);
  const sum = windowSum(b, b.op('Mul', [x, x]), x, lo, hi, node);
  const s = b.op('Add', [b.op('Mul', [sum, b.float(alpha / size)]), b.float(bias)]);
  const sb = b.op('Pow', [s, b.float(-beta)]);
  return { s, sb, k: (2 * alpha * beta) / size, lo, hi };
}

/** `sum_{j = c - before}^{c + after} t_j` over channels, zero outside. */
function windowSum(
  b: GraphBuilder,
  t: string,
  like: string,
  before: number,
  after: number,
  node: NodeProto,
): string {
  const size = attrInt(node, 'size', 1);
  const dims = shapeOf(b, like);
  const view = b.op(
    'Concat',
    [
      b.op('Slice', [dims, b.int64([0]), b.int64([1])]),
      b.int64([1]),
      b.op('Slice', [dims, b.int64([1]), b.int64([2])]),
      b.int64([-1]),
    ],
    [attr.int('axis', 0)],
  );
  const ones = b.float(new Array<number>(size).fill(1), [1, 1, size, 1]);
  const summed = b.op(
    'Conv',
    [b.op('Reshape', [t, view]), ones],
    [attr.ints('kernel_shape', [size, 1]), attr.ints('pads', [before, 0, after, 0])],
  );
  return reshapeLike(b, summed, like);
}
