import { attr, attrInt } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { reduceStatic, reshapeLike } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Softmax and LogSoftmax. From opset 13 they act on one axis (default -1); before, on the
 * input flattened to 2-D at `axis` (default 1), which the rules reproduce with Flatten.
 * Softmax: `dx = y (dy - sum(dy y))`, the JVP the same form in dx.
 * LogSoftmax with `p = exp(y)`: VJP `dx = dy - p sum(dy)`, JVP `dy = dx - sum(p dx)`.
 */
function softmaxFamily(log: boolean): OpRule {
  const apply = (node: NodeProto, d: string, b: GraphBuilder, transpose: boolean): string => {
    const y = node.output![0]!;
    const modern = b.opset >= 13;
    const axis = attrInt(node, 'axis', modern ? -1 : 1);
    const flat = (t: string) => (modern ? t : b.op('Flatten', [t], [attr.int('axis', axis)]));
    const axes = [modern ? axis : 1];
    const yy = flat(y);
    const dd = flat(d);
    let out: string;
    if (!log) {
      const s = reduceStatic(b, 'ReduceSum', b.op('Mul', [dd, yy]), axes);
      out = b.op('Mul', [yy, b.op('Sub', [dd, s])]);
    } else {
      const p = b.op('Exp', [yy]);
      out = transpose
        ? b.op('Sub', [dd, b.op('Mul', [p, reduceStatic(b, 'ReduceSum', dd, axes)])])
        : b.op('Sub', [dd, reduceStatic(b, 'ReduceSum', b.op('Mul', [p, dd]), axes)]);
    }
    return modern ? out : reshapeLike(b, out, y);
  };
  return {
    vjp: (node, [dy], { b }) => [apply(node, dy!, b, true)],
    jvp: (node, [dx], { b }) => [apply(node, dx!, b, false)],
  };
}

export const softmaxRule = softmaxFamily(false);
export const logSoftmaxRule = softmaxFamily(true);
