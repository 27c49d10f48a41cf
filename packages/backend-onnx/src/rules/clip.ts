import { attrFloat } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { maskToFloat } from './common.js';
import { legacyGraphs } from './legacy-graphs.js';
import type { OpRule, RuleContext } from './rule.js';

/**
 * Clip (min and max constant). After a Conv, both rules read the mask from the output alone,
 * `min < y < max` (a float factor, `Cast` of the comparisons): the Conv's output then has no
 * other reader, so ONNX Runtime fuses Conv + Clip in the forward part, and at a bound the
 * derivative is 0, PyTorch's ReLU6/hardtanh convention. Elsewhere (and with
 * `XAI_GRAPH=legacy-clip`) the mask is 1 where y = x, bounds included. The output mask was
 * 13-15% slower on MobileNet V2 as `Where(inside, dy, 0)`; as a factor it is 1.05x / 1.06x /
 * 1.10x as fast as the `y = x` mask at batches 1 / 8 / 32 (docs/benchmarks/gradient-profile.md).
 */
export const clipRule: OpRule = {
  differentiable: () => [0],
  vjp(node, [dy], ctx) {
    return [ctx.b.op('Mul', [dy!, clipMask(node, ctx)])];
  },
  jvp(node, [dx], ctx) {
    return [ctx.b.op('Mul', [dx!, clipMask(node, ctx)])];
  },
};

/** Where Clip passes its (co)tangent, as a float factor (see `clipRule`). */
function clipMask(node: NodeProto, { b, producers }: RuleContext): string {
  const [x, y] = [node.input![0]!, node.output![0]!];
  if (legacyGraphs('clip') || producers?.get(x)?.opType !== 'Conv') {
    return maskToFloat(b, b.op('Equal', [x, y]));
  }
  const sides = bounds(node, b).map(([op, bound]) => b.op(op, [y, bound]));
  if (sides.length === 0) return b.float(1);
  return maskToFloat(b, sides.length === 2 ? b.op('And', sides) : sides[0]!);
}

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
