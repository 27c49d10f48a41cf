import { attr, attrString, copyAttrs } from '../graph/attributes.js';
import { sumAll, unbroadcast } from './common.js';
import type { OpRule } from './rule.js';

/** An equation's terms as token lists (`'...'` is one token), the output made explicit. */
export function parseEinsum(equation: string): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.split('->');
  const tokens = (term: string) =>
    term
      .replace(/\.\.\./g, '.')
      .split('')
      .map((c) => (c === '.' ? '...' : c));
  const inputs = lhs!.split(',').map(tokens);
  if (rhs !== undefined) return { inputs, output: tokens(rhs) };
  // Implicit output: the ellipsis, then the labels used once, in alphabetical order.
  const counts = new Map<string, number>();
  for (const t of inputs.flat()) counts.set(t, (counts.get(t) ?? 0) + 1);
  const once = [...counts].filter(([t, n]) => t !== '...' && n === 1).map(([t]) => t);
  const output = [...(counts.has('...') ? ['...'] : []), ...once.sort()];
  return { inputs, output };
}

const term = (tokens: readonly string[]) => tokens.join('');

/**
 * Einsum, any equation without a repeated label inside one operand (a diagonal). It is
 * linear in each operand: the JVP is the sum over live operands of the einsum with that
 * operand replaced by its tangent. The VJP of operand i is an einsum too: the cotangent
 * and the other operands contracted to operand i's labels. A label of operand i that
 * nothing else has (summed away) comes back by also contracting a tensor of ones shaped
 * like operand i; ellipsis dims it was broadcast along are summed back to its shape.
 */
export const einsumRule: OpRule = {
  check(node) {
    const { inputs } = parseEinsum(attrString(node, 'equation', ''));
    const bad = inputs.find((t) => new Set(t).size !== t.length);
    return bad ? `operand '${term(bad)}' repeats a label (a diagonal)` : undefined;
  },
  vjp(node, [dy], { b, active }) {
    const { inputs, output } = parseEinsum(attrString(node, 'equation', ''));
    return node.input!.map((x, i) => {
      if (!active[i]) return undefined;
      const operands = [dy!];
      const terms = [output];
      node.input!.forEach((o, j) => {
        if (j !== i) {
          operands.push(o);
          terms.push(inputs[j]!);
        }
      });
      const known = new Set(terms.flat());
      if (inputs[i]!.some((t) => !known.has(t))) {
        operands.push(b.op('ConstantOfShape', [b.op('Shape', [x])], [b.floatValueAttr(1)]));
        terms.push(inputs[i]!);
      }
      const equation = `${terms.map(term).join(',')}->${term(inputs[i]!)}`;
      const g = b.op('Einsum', operands, [attr.string('equation', equation)]);
      const broadcastable = inputs[i]!.includes('...') && b.opset >= 13;
      return broadcastable ? unbroadcast(b, g, x) : g;
    });
  },
  jvp(node, tangents, { b }) {
    const terms = tangents.flatMap((t, i) => {
      if (!t) return [];
      const ins = node.input!.map((x, j) => (j === i ? t : x));
      return [b.op('Einsum', ins, copyAttrs(node))];
    });
    return [sumAll(b, terms)];
  },
};
