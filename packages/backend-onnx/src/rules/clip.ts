import { attrFloat } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { maskToFloat } from './common.js';
import { graphFlag, legacyGraphs } from './legacy-graphs.js';
import type { OpRule } from './rule.js';

/**
 * Clip (min and max constant). JVP: 1 where y = x (inside the range, bounds included).
 * VJP: the same mask. With `XAI_GRAPH=clip-from-output`, after a Conv the mask is read
 * from the output alone, `min < y < max`: the Conv's output then has no other reader, so
 * ONNX Runtime fuses Conv + Clip in the forward part and the mask costs no cast; it looked
 * faster in the profiler's shares under load but is 13-15% slower in wall time on
 * MobileNet V2 at batch 8 on an idle machine (docs/benchmarks/gradient-profile.md) and slower
 * at batch 1 on each of MobileNet V2's Conv + Clip shapes (docs/benchmarks/strided-shapes.md),
 * so it is opt-in. The two differ only where a Conv's output equals a bound exactly (derivative
 * 0 there, PyTorch's ReLU6/hardtanh convention; measure zero).
 */
export const clipRule: OpRule = {
  differentiable: () => [0],
  vjp(node, [dy], ctx) {
    const { b } = ctx;
    const [x, y] = [node.input![0]!, node.output![0]!];
    const fromOutput = graphFlag('clip-from-output') && !legacyGraphs('clip');
    if (!fromOutput || ctx.producers?.get(x)?.opType !== 'Conv') {
      return [b.op('Mul', [dy!, maskToFloat(b, b.op('Equal', [x, y]))])];
    }
    const sides = bounds(node, b).map(([op, bound]) => b.op(op, [y, bound]));
    if (sides.length === 0) return [dy];
    const inside = sides.length === 2 ? b.op('And', sides) : sides[0]!;
    return [b.op('Where', [inside, dy!, b.float(0)])];
  },
  jvp(node, [dx], { b }) {
    const [x, y] = [node.input![0]!, node.output![0]!];
    return [b.op('Mul', [dx!, maskToFloat(b, b.op('Equal', [x, y]))])];
  },
};

/** The comparisons `y > min`, `y < max` for the bounds the node sets (inputs at opset 11+). */
function bounds(node: NodeProto, b: GraphBuilder): Array<['Greater' | 'Less', string]> {
  const out: Array<['Greater' | 'Less', string]> = [];
  if (b.opset < 11) {
    const lo = attrFloat(node, 'min', Number.NEGATIVE_INFINITY);
    const hi = attrFloat(node, 'max', Number.POSITIVE_INFINITY);
    if (lo > Number.NEGATIVE_INFINITY) out.push(['Greater', b.float(lo)]);
    if (hi < Number.POSITIVE_INFINITY) out.push(['Less', b.float(hi)]);
    return out;
  }
  const [, lo, hi] = node.input ?? [];
  if (lo) out.push(['Greater', lo]);
  if (hi) out.push(['Less', hi]);
  return out;
}
