import { attr } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { unbroadcast } from './common.js';
import type { OpRule } from './rule.js';

/** Swaps the last two axes, whatever the rank (Einsum with an ellipsis, opset 12+). */
export function swapLast(b: GraphBuilder, t: string): string {
  return b.op('Einsum', [t], [attr.string('equation', '...ij->...ji')]);
}

/**
 * MatMul with operands of rank 2 or more (batched, broadcast): `dA = dY B^T`,
 * `dB = A^T dY`, each summed over broadcast batch axes; JVP the product rule.
 * 1-D operands are not supported (their implicit unsqueeze is not undone); the
 * swap of the last two axes is an Einsum, so this needs opset 12.
 */
export const matMulRule: OpRule = {
  check: (_node, opset) =>
    opset >= 12 ? undefined : `the MatMul rule needs opset 12 or later (the model has ${opset})`,
  vjp(node, [dy], { b, active }) {
    const [x0, x1] = node.input!;
    return [
      active[0] ? unbroadcast(b, b.op('MatMul', [dy!, swapLast(b, x1!)]), x0!) : undefined,
      active[1] ? unbroadcast(b, b.op('MatMul', [swapLast(b, x0!), dy!]), x1!) : undefined,
    ];
  },
  jvp(node, [d0, d1], { b }) {
    const [x0, x1] = node.input!;
    const terms: string[] = [];
    if (d0) terms.push(b.op('MatMul', [d0, x1!]));
    if (d1) terms.push(b.op('MatMul', [x0!, d1]));
    return [terms.length === 1 ? terms[0] : b.op('Add', terms)];
  },
};
