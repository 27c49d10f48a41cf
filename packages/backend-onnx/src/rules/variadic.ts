import { attr } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { expandLike, sameShape, sumAll, unbroadcast } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Sum, Mean, Max and Min over any number of broadcast inputs. Each input's share of the
 * output is a weight `w_i`: 1 (Sum), 1/n (Mean), or for Max/Min the 0/1 mask of the
 * inputs equal to the output divided by how many are (ties share the derivative, as
 * torch.maximum does). JVP: `sum_i w_i dX_i`; VJP: `w_i dY` summed to each input's shape.
 */
export const variadicRule: OpRule = {
  vjp(node, [dy], { b, active, shapes }) {
    const w = weights(node, b);
    const y = node.output![0]!;
    return node.input!.map((x, i) => {
      if (!active[i]) return undefined;
      const g = w[i] ? b.op('Mul', [dy!, w[i]!]) : dy!;
      return unbroadcast(b, g, x, sameShape(shapes, y, x));
    });
  },
  jvp(node, tangents, { b }) {
    const w = weights(node, b);
    const terms = tangents.flatMap((t, i) => (t ? [w[i] ? b.op('Mul', [t, w[i]!]) : t] : []));
    return [expandLike(b, sumAll(b, terms)!, node.output![0]!)];
  },
};

/** Per input, the weight tensor (undefined for 1). */
function weights(node: NodeProto, b: GraphBuilder): Array<string | undefined> {
  const xs = node.input!;
  if (node.opType === 'Sum') return xs.map(() => undefined);
  if (node.opType === 'Mean') return xs.map(() => b.float(1 / xs.length));
  const y = node.output![0]!;
  const masks = xs.map((x) => b.op('Cast', [b.op('Equal', [x, y])], [attr.int('to', b.floatType)]));
  if (masks.length === 1) return [undefined];
  const count = sumAll(b, masks)!;
  return masks.map((m) => b.op('Div', [m, count]));
}
