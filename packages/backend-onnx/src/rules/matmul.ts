import { attr } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { unbroadcast } from './common.js';
import type { OpRule, RuleContext } from './rule.js';

/** Swaps the last two axes, whatever the rank (Einsum with an ellipsis, opset 12+). */
export function swapLast(b: GraphBuilder, t: string): string {
  return b.op('Einsum', [t], [attr.string('equation', '...ij->...ji')]);
}

/**
 * Swaps the last two axes of a tensor of known rank with a Transpose, which ONNX Runtime
 * folds into the MatMul that reads it (a FusedMatMul reading the operand transposed); the
 * Einsum of `swapLast` where the rank is unknown. ViT-B/16's attention pull-backs at batch
 * 8: 128 ms as Einsum copies and MatMuls, 93 ms fused.
 */
function swapLastOfRank(b: GraphBuilder, t: string, rank: number | undefined): string {
  if (rank === undefined || rank < 2) return swapLast(b, t);
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return b.op('Transpose', [t], [attr.ints('perm', perm)]);
}

/**
 * MatMul with operands of rank 2 or more (batched, broadcast): `dA = dY B^T`,
 * `dB = A^T dY`, each summed over broadcast batch axes; JVP the product rule.
 * 1-D operands are not supported (their implicit unsqueeze is not undone); the swap of the
 * last two axes is a Transpose where the probe saw the rank, else an Einsum, so this needs
 * opset 12. Where the probe saw an operand's batch axes equal to the product's, nothing was
 * broadcast and the run-time reduction (a copy) is skipped: ViT-B/16's 72 pull-backs of
 * activations.
 */
export const matMulRule: OpRule = {
  check: (_node, opset) =>
    opset >= 12 ? undefined : `the MatMul rule needs opset 12 or later (the model has ${opset})`,
  vjp(node, [dy], { b, active, shapes }) {
    const [x0, x1] = node.input!;
    const y = node.output![0]!;
    const swap = (t: string) => swapLastOfRank(b, t, shapes?.get(t)?.length);
    return [
      active[0]
        ? unbroadcast(b, b.op('MatMul', [dy!, swap(x1!)]), x0!, sameBatch(shapes, y, x0!))
        : undefined,
      active[1]
        ? unbroadcast(b, b.op('MatMul', [swap(x0!), dy!]), x1!, sameBatch(shapes, y, x1!))
        : undefined,
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

/**
 * Whether the probe saw operand `x` with the rank and the batch axes (all but the last two)
 * of the product `y`: then its pull-back (`dY B^T` or `A^T dY`, shaped `y`'s batch axes and
 * `x`'s last two) already has `x`'s shape. The probe runs at batch 2, so a batch axis is told
 * apart from a broadcast 1.
 */
function sameBatch(shapes: RuleContext['shapes'], y: string, x: string): boolean {
  const sy = shapes?.get(y);
  const sx = shapes?.get(x);
  if (!sy || !sx || sy.length !== sx.length || sx.length < 2) return false;
  return sy.slice(0, -2).every((d, i) => d === sx[i]);
}
