import { attr } from '../../src/graph/attributes.js';
import type { GraphBuilder } from '../../src/graph/builder.js';
import { type Case, sq1 } from './case.js';

const scaled = (b: GraphBuilder, x: string, k: number) => b.op('Mul', [x, b.float(k)]);
const f = attr.float;
const s = attr.string;

/** `0.5 x (1 + erf(x / sqrt 2))` in the nodes torch's exporter writes. */
export function torchGelu(b: GraphBuilder, x: string): string {
  const erf = b.op('Erf', [b.op('Div', [x, b.float(Math.SQRT2)])]);
  return b.op('Mul', [b.op('Mul', [x, b.op('Add', [erf, b.float(1)])]), b.float(0.5)]);
}

/** Elementwise activations, trigonometric and step functions. */
export const activationCases: Case[] = (
  [
    ['Elu alpha 0.5', (b, x) => b.op('Elu', [scaled(b, x, 4)], [f('alpha', 0.5)])],
    ['Selu', (b, x) => b.op('Selu', [scaled(b, x, 4)])],
    [
      'Selu alpha gamma',
      (b, x) => b.op('Selu', [scaled(b, x, 4)], [f('alpha', 1.2), f('gamma', 0.7)]),
    ],
    ['Celu alpha 2', (b, x) => b.op('Celu', [scaled(b, x, 4)], [f('alpha', 2)])],
    ['Gelu exact (opset 20)', (b, x) => b.op('Gelu', [scaled(b, x, 4)]), 20],
    [
      'Gelu tanh (opset 20)',
      (b, x) => b.op('Gelu', [scaled(b, x, 4)], [s('approximate', 'tanh')]),
      20,
    ],
    // torch's exact GELU as it exports it; the product's rule takes the whole derivative.
    ['GELU as torch exports it (Div, Erf, Add, Mul, Mul)', (b, x) => torchGelu(b, scaled(b, x, 4))],
    [
      'erf product: x second, scaled by Mul first, the constant added first',
      (b, x) => {
        const z = scaled(b, x, 3);
        const erf = b.op('Erf', [b.op('Mul', [b.float(0.6), z])]);
        return b.op('Mul', [b.op('Add', [b.float(-0.25), erf]), z]);
      },
    ],
    [
      // The erf also feeds the output: not fused, the chain rule throughout.
      'erf product whose erf is read elsewhere',
      (b, x) => {
        const z = scaled(b, x, 3);
        const erf = b.op('Erf', [b.op('Div', [z, b.float(Math.SQRT2)])]);
        return b.op('Add', [b.op('Mul', [z, b.op('Add', [erf, b.float(1)])]), erf]);
      },
    ],
    ['Mish (opset 18)', (b, x) => b.op('Mish', [scaled(b, x, 4)]), 18],
    ['Softsign', (b, x) => b.op('Softsign', [scaled(b, x, 4)])],
    ['ThresholdedRelu alpha 0.1', (b, x) => b.op('ThresholdedRelu', [x], [f('alpha', 0.1)])],
    ['Shrink bias 0.2 lambd 0.1', (b, x) => b.op('Shrink', [x], [f('bias', 0.2), f('lambd', 0.1)])],
    ['Sin', (b, x) => b.op('Sin', [scaled(b, x, 6)])],
    ['Cos', (b, x) => b.op('Cos', [scaled(b, x, 6)])],
    ['Tan', (b, x) => b.op('Tan', [scaled(b, x, 2)])],
    ['Asin', (b, x) => b.op('Asin', [scaled(b, x, 1.5)])],
    ['Acos', (b, x) => b.op('Acos', [scaled(b, x, 1.5)])],
    ['Atan', (b, x) => b.op('Atan', [scaled(b, x, 6)])],
    ['Sinh', (b, x) => b.op('Sinh', [scaled(b, x, 6)])],
    ['Cosh', (b, x) => b.op('Cosh', [scaled(b, x, 6)])],
    ['Asinh', (b, x) => b.op('Asinh', [scaled(b, x, 6)])],
    ['Acosh', (b, x) => b.op('Acosh', [b.op('Add', [sq1(b, x), b.float(0.5)])])],
    ['Atanh', (b, x) => b.op('Atanh', [scaled(b, x, 1.5)])],
    [
      // Step functions have a zero derivative: only the x factor of x * step(x) counts.
      'Sign, Floor, Ceil, Round (zero derivative)',
      (b, x) => {
        const y = scaled(b, x, 3);
        const steps = b.op('Sum', [
          b.op('Sign', [x]),
          b.op('Floor', [y]),
          b.op('Ceil', [y]),
          b.op('Round', [y]),
        ]);
        return b.op('Mul', [x, steps]);
      },
    ],
  ] as Array<[string, Case['body'], number?]>
).map(([name, body, opset]): Case => ({ name, sample: [7], body, ...(opset ? { opset } : {}) }));
