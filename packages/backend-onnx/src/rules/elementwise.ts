import { attr, attrFloat } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { maskToFloat } from './common.js';
import type { OpRule } from './rule.js';

/**
 * An elementwise op `y = f(x)` (other inputs constant): both rules multiply by `f'(x)`,
 * written with x and y.
 */
export function elementwise(
  derivative: (node: NodeProto, x: string, y: string, b: GraphBuilder) => string,
): OpRule {
  return {
    differentiable: () => [0],
    vjp: (node, [dy], { b }) => [
      b.op('Mul', [dy!, derivative(node, node.input![0]!, node.output![0]!, b)]),
    ],
    jvp: (node, [dx], { b }) => [
      b.op('Mul', [dx!, derivative(node, node.input![0]!, node.output![0]!, b)]),
    ],
  };
}

/** Sigmoid: `y (1 - y)`. */
export const sigmoidRule = elementwise((_n, _x, y, b) =>
  b.op('Mul', [y, b.op('Sub', [b.float(1), y])]),
);
/** Tanh: `1 - y^2`. */
export const tanhRule = elementwise((_n, _x, y, b) =>
  b.op('Sub', [b.float(1), b.op('Mul', [y, y])]),
);
/** Exp: `y`. */
export const expRule = elementwise((_n, _x, y) => y);
/** Log: `1 / x`. */
export const logRule = elementwise((_n, x, _y, b) => b.op('Reciprocal', [x]));
/** Sqrt: `1 / (2 y)`. */
export const sqrtRule = elementwise((_n, _x, y, b) => b.op('Div', [b.float(0.5), y]));
/** Reciprocal: `-y^2`. */
export const reciprocalRule = elementwise((_n, _x, y, b) => b.op('Neg', [b.op('Mul', [y, y])]));
/** Neg: `-1`. */
export const negRule = elementwise((_n, _x, _y, b) => b.float(-1));
/** Abs: `sign(x)`. */
export const absRule = elementwise((_n, x, _y, b) => b.op('Sign', [x]));
/** Softplus: `sigmoid(x)`. */
export const softplusRule = elementwise((_n, x, _y, b) => b.op('Sigmoid', [x]));
/** `ln(2 / sqrt pi)`: Erf's derivative `exp(ln(2 / sqrt pi) - x^2)`, one Mul less. */
export const LN_TWO_OVER_SQRT_PI = Math.log(2 / Math.sqrt(Math.PI));

/** Erf: `2 / sqrt(pi) exp(-x^2)`, as `exp(ln(2 / sqrt pi) - x^2)` (one pass less). */
export const erfRule = elementwise((_n, x, _y, b) =>
  b.op('Exp', [b.op('Sub', [b.float(LN_TWO_OVER_SQRT_PI), b.op('Mul', [x, x])])]),
);
/** HardSigmoid `max(0, min(1, alpha x + beta))`: alpha inside (0, 1), else 0. */
export const hardSigmoidRule = elementwise((node, x, _y, b) => {
  const alpha = attrFloat(node, 'alpha', 0.2);
  const z = b.op('Add', [b.op('Mul', [x, b.float(alpha)]), b.float(attrFloat(node, 'beta', 0.5))]);
  const inside = b.op('And', [b.op('Greater', [z, b.float(0)]), b.op('Less', [z, b.float(1)])]);
  return b.op('Mul', [maskToFloat(b, inside), b.float(alpha)]);
});
/** HardSwish `x hardsigmoid(x)` (alpha 1/6, beta 1/2): 0 below -3, 1 above 3, (2x + 3) / 6 between. */
export const hardSwishRule = elementwise((_node, x, _y, b) => {
  const mid = b.op('Add', [b.op('Mul', [x, b.float(1 / 3)]), b.float(0.5)]);
  const low = b.op('Less', [x, b.float(-3)]);
  const high = b.op('Greater', [x, b.float(3)]);
  return b.op('Where', [high, b.float(1), b.op('Where', [low, b.float(0), mid])]);
});
/** PRelu (slope constant): 1 where x > 0, else the slope. */
export const preluRule = elementwise((node, x, _y, b) =>
  b.op('Where', [b.op('Greater', [x, b.float(0)]), b.float(1), node.input![1]!]),
);
/** Pow with a constant exponent p: `p x^(p - 1)`. */
export const powRule = elementwise((node, x, _y, b) => {
  const p = b.op('Cast', [node.input![1]!], [attr.int('to', b.floatType)]);
  return b.op('Mul', [p, b.op('Pow', [x, b.op('Sub', [p, b.float(1)])])]);
});
