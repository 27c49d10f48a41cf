import { attr } from '../graph/attributes.js';
import { expandLike, shapeOf, shapeTail } from './common.js';
import type { OpRule } from './rule.js';

/**
 * GlobalAveragePool: JVP is the pool of the tangent; VJP spreads `dY / (H W ...)` over
 * the spatial dims, the count taken from X's run-time shape.
 */
export const globalAveragePoolRule: OpRule = {
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const count = b.op('ReduceProd', [shapeTail(b, shapeOf(b, x), 2)], [attr.int('keepdims', 0)]);
    const countF = b.op('Cast', [count], [attr.int('to', b.floatType)]);
    return [b.op('Div', [expandLike(b, dy!, x), countF])];
  },
  jvp(_node, [dx], { b }) {
    return [b.op('GlobalAveragePool', [dx!])];
  },
};
