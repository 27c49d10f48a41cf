import { attrFloat, attrString } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { maskToFloat } from './common.js';
import { elementwise, LN_TWO_OVER_SQRT_PI } from './elementwise.js';

const positive = (b: GraphBuilder, x: string) => b.op('Greater', [x, b.float(0)]);

/** Elu `alpha (e^x - 1)` below 0: `y + alpha` there, 1 above. */
export const eluRule = elementwise((node, x, y, b) =>
  b.op('Where', [
    positive(b, x),
    b.float(1),
    b.op('Add', [y, b.float(attrFloat(node, 'alpha', 1))]),
  ]),
);

/** Selu `gamma alpha (e^x - 1)` below 0: `y + gamma alpha` there, gamma above. */
export const seluRule = elementwise((node, x, y, b) => {
  const alpha = attrFloat(node, 'alpha', 1.6732631921768188);
  const gamma = attrFloat(node, 'gamma', 1.0507010221481323);
  return b.op('Where', [positive(b, x), b.float(gamma), b.op('Add', [y, b.float(gamma * alpha)])]);
});

/** Celu `alpha (e^(x/alpha) - 1)` below 0: `e^(x/alpha)` there, 1 above. */
export const celuRule = elementwise((node, x, _y, b) => {
  const alpha = attrFloat(node, 'alpha', 1);
  const e = b.op('Exp', [b.op('Div', [x, b.float(alpha)])]);
  return b.op('Where', [positive(b, x), b.float(1), e]);
});

/**
 * Gelu (opset 20). Exact `x Phi(x)`: `Phi(x) + x phi(x)`. With approximate 'tanh',
 * `y = x/2 (1 + t)`, `t = tanh(k (x + c x^3))`: `(1 + t)/2 + x/2 (1 - t^2) k (1 + 3c x^2)`.
 */
export const geluRule = elementwise((node, x, _y, b) =>
  attrString(node, 'approximate', 'none') === 'tanh'
    ? geluTanhDerivative(b, x)
    : geluDerivative(b, x),
);

/** `Phi(x) + x phi(x)`, the derivative of the exact Gelu: half `x (1 + erf(x / sqrt 2))`'s. */
export function geluDerivative(b: GraphBuilder, x: string): string {
  const d = b.op('Mul', [x, b.float(Math.SQRT1_2)]);
  const a = b.op('Add', [b.op('Erf', [d]), b.float(1)]);
  return b.op('Mul', [erfProductDerivative(b, d, a), b.float(0.5)]);
}

/**
 * The derivative of `x a`, `a = erf(d) + c`, `d = x k` (k, c constants): `a + x k erf'(d)`,
 * that is `a + d (2 / sqrt pi) exp(-d^2)` whatever k and c, the factor inside the Exp.
 */
export function erfProductDerivative(b: GraphBuilder, d: string, a: string): string {
  const weight = b.op('Exp', [b.op('Sub', [b.float(LN_TWO_OVER_SQRT_PI), b.op('Mul', [d, d])])]);
  return b.op('Add', [a, b.op('Mul', [d, weight])]);
}

const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/** The derivative of the tanh approximation of Gelu (also ORT's FastGelu). */
export function geluTanhDerivative(b: GraphBuilder, x: string): string {
  const x2 = b.op('Mul', [x, x]);
  const inner = b.op('Mul', [
    b.op('Mul', [x, b.op('Add', [b.op('Mul', [x2, b.float(GELU_C)]), b.float(1)])]),
    b.float(GELU_K),
  ]);
  const t = b.op('Tanh', [inner]);
  const half = b.op('Mul', [b.op('Add', [t, b.float(1)]), b.float(0.5)]);
  const dInner = b.op('Add', [b.op('Mul', [x2, b.float(3 * GELU_C * GELU_K)]), b.float(GELU_K)]);
  const sech2 = b.op('Sub', [b.float(1), b.op('Mul', [t, t])]);
  return b.op('Add', [
    half,
    b.op('Mul', [b.op('Mul', [x, b.float(0.5)]), b.op('Mul', [sech2, dInner])]),
  ]);
}

/** Mish `x tanh(softplus(x))` (opset 18): `t + x (1 - t^2) sigmoid(x)`. */
export const mishRule = elementwise((_node, x, _y, b) => {
  const t = b.op('Tanh', [b.op('Softplus', [x])]);
  const sech2 = b.op('Sub', [b.float(1), b.op('Mul', [t, t])]);
  return b.op('Add', [t, b.op('Mul', [x, b.op('Mul', [sech2, b.op('Sigmoid', [x])])])]);
});

/** Softsign `x / (1 + |x|)`: `1 / (1 + |x|)^2`. */
export const softsignRule = elementwise((_node, x, _y, b) => {
  const d = b.op('Add', [b.op('Abs', [x]), b.float(1)]);
  return b.op('Reciprocal', [b.op('Mul', [d, d])]);
});

/** ThresholdedRelu: 1 where x > alpha, else 0. */
export const thresholdedReluRule = elementwise((node, x, _y, b) =>
  maskToFloat(b, b.op('Greater', [x, b.float(attrFloat(node, 'alpha', 1))])),
);

/** Shrink: 1 where |x| > lambd (the bias only shifts), else 0. */
export const shrinkRule = elementwise((node, x, _y, b) => {
  const lambd = b.float(attrFloat(node, 'lambd', 0.5));
  return maskToFloat(
    b,
    b.op('Or', [b.op('Less', [x, b.op('Neg', [lambd])]), b.op('Greater', [x, lambd])]),
  );
});
