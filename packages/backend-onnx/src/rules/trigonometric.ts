import type { GraphBuilder } from '../graph/builder.js';
import { elementwise } from './elementwise.js';

/** `1 / sqrt(s)`. */
const rsqrt = (b: GraphBuilder, s: string) => b.op('Reciprocal', [b.op('Sqrt', [s])]);
const square = (b: GraphBuilder, x: string) => b.op('Mul', [x, x]);

/** Sin: `cos x`. */
export const sinRule = elementwise((_n, x, _y, b) => b.op('Cos', [x]));
/** Cos: `-sin x`. */
export const cosRule = elementwise((_n, x, _y, b) => b.op('Neg', [b.op('Sin', [x])]));
/** Tan: `1 + y^2`. */
export const tanRule = elementwise((_n, _x, y, b) => b.op('Add', [square(b, y), b.float(1)]));
/** Asin: `1 / sqrt(1 - x^2)`. */
export const asinRule = elementwise((_n, x, _y, b) =>
  rsqrt(b, b.op('Sub', [b.float(1), square(b, x)])),
);
/** Acos: `-1 / sqrt(1 - x^2)`. */
export const acosRule = elementwise((_n, x, _y, b) =>
  b.op('Neg', [rsqrt(b, b.op('Sub', [b.float(1), square(b, x)]))]),
);
/** Atan: `1 / (1 + x^2)`. */
export const atanRule = elementwise((_n, x, _y, b) =>
  b.op('Reciprocal', [b.op('Add', [square(b, x), b.float(1)])]),
);
/** Sinh: `cosh x`. */
export const sinhRule = elementwise((_n, x, _y, b) => b.op('Cosh', [x]));
/** Cosh: `sinh x`. */
export const coshRule = elementwise((_n, x, _y, b) => b.op('Sinh', [x]));
/** Asinh: `1 / sqrt(x^2 + 1)`. */
export const asinhRule = elementwise((_n, x, _y, b) =>
  rsqrt(b, b.op('Add', [square(b, x), b.float(1)])),
);
/** Acosh (x > 1): `1 / sqrt(x^2 - 1)`. */
export const acoshRule = elementwise((_n, x, _y, b) =>
  rsqrt(b, b.op('Sub', [square(b, x), b.float(1)])),
);
/** Atanh (|x| < 1): `1 / (1 - x^2)`. */
export const atanhRule = elementwise((_n, x, _y, b) =>
  b.op('Reciprocal', [b.op('Sub', [b.float(1), square(b, x)])]),
);
