import type { GraphBuilder } from '../graph/builder.js';
import { erfProductDerivative } from './activations.js';
import { expandLike, sameShape, sumAll, unbroadcast } from './common.js';
import type { OpRule } from './rule.js';

/** A JVP term broadcast to the output's shape when it is the only term. */
function jvpSum(b: GraphBuilder, out: string, terms: readonly string[]): string | undefined {
  if (terms.length === 1) return expandLike(b, terms[0]!, out);
  return sumAll(b, terms);
}

/** Add and Sub: cotangents `±dY` summed over the broadcast axes. */
export const addRule: OpRule = {
  vjp(node, [dy], { b, active, shapes }) {
    return node.input!.map((x, i) => {
      if (!active[i]) return undefined;
      const g = node.opType === 'Sub' && i === 1 ? b.op('Neg', [dy!]) : dy!;
      return unbroadcast(b, g, x, sameShape(shapes, node.output![0]!, x));
    });
  },
  jvp(node, [da, db], { b }) {
    const terms: string[] = [];
    if (da) terms.push(da);
    if (db) terms.push(node.opType === 'Sub' ? b.op('Neg', [db]) : db);
    return [jvpSum(b, node.output![0]!, terms)];
  },
};

/**
 * Mul: `dA = dY * B`, `dB = dY * A`, each summed to its operand's shape. A product
 * `x (erf(x k) + c)` (torch's GELU) sends x its whole derivative and nothing to the erf.
 */
export const mulRule: OpRule = {
  vjp(node, [dy], { b, active, shapes, erfProducts }) {
    const [x0, x1] = node.input!;
    const erf = erfProducts?.get(node.output![0]!);
    if (erf && active[0] && active[1]) {
      const dx = b.op('Mul', [dy!, erfProductDerivative(b, erf.scaled, erf.shifted)]);
      return node.input!.map((t) => (t === erf.x ? dx : undefined));
    }
    const same = (x: string) => sameShape(shapes, node.output![0]!, x);
    return [
      active[0] ? unbroadcast(b, b.op('Mul', [dy!, x1!]), x0!, same(x0!)) : undefined,
      active[1] ? unbroadcast(b, b.op('Mul', [dy!, x0!]), x1!, same(x1!)) : undefined,
    ];
  },
  jvp(node, [da, db], { b }) {
    const [x0, x1] = node.input!;
    const terms: string[] = [];
    if (da) terms.push(b.op('Mul', [da, x1!]));
    if (db) terms.push(b.op('Mul', [x0!, db]));
    return [jvpSum(b, node.output![0]!, terms)];
  },
};

/** Div `Y = A / B`: `dA = dY / B`, `dB = -dY * Y / B`. */
export const divRule: OpRule = {
  vjp(node, [dy], { b, active, shapes }) {
    const [x0, x1] = node.input!;
    const y = node.output![0]!;
    const dA = b.op('Div', [dy!, x1!]);
    return [
      active[0] ? unbroadcast(b, dA, x0!, sameShape(shapes, y, x0!)) : undefined,
      active[1]
        ? unbroadcast(b, b.op('Neg', [b.op('Mul', [dA, y])]), x1!, sameShape(shapes, y, x1!))
        : undefined,
    ];
  },
  jvp(node, [da, db], { b }) {
    const [, x1] = node.input!;
    const y = node.output![0]!;
    const terms: string[] = [];
    if (da) terms.push(b.op('Div', [da, x1!]));
    if (db) terms.push(b.op('Neg', [b.op('Div', [b.op('Mul', [db, y]), x1!])]));
    return [jvpSum(b, y, terms)];
  },
};
