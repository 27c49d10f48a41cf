import { attr, attrFloat, attrInt } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { expandLike, sameShape, sumAll, unbroadcast } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Gemm `Y = alpha * A' B' + beta * C` with `A' = transA ? A^T : A` (B likewise).
 * VJP: `dA' = alpha * dY B'^T`, `dB' = alpha * A'^T dY` (transposed back when the
 * operand is), `dC = beta * dY` summed to C's shape. JVP: the product rule.
 */
export const gemmRule: OpRule = {
  vjp(node, [dy], { b, active, shapes }) {
    const [a, bb, c] = node.input!;
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    const transA = attrInt(node, 'transA', 0);
    const transB = attrInt(node, 'transB', 0);
    const out: Array<string | undefined> = [undefined, undefined, undefined];
    if (active[0]) {
      // dA' = alpha dY B'^T; with transA, dA = (dA')^T = alpha B' dY^T... computed via Transpose.
      const dAp = b.op(
        'Gemm',
        [dy!, bb!],
        [attr.float('alpha', alpha), attr.int('transB', 1 - transB)],
      );
      out[0] = transA ? b.op('Transpose', [dAp]) : dAp;
    }
    if (active[1]) {
      const dBp = b.op(
        'Gemm',
        [a!, dy!],
        [attr.float('alpha', alpha), attr.int('transA', 1 - transA)],
      );
      out[1] = transB ? b.op('Transpose', [dBp]) : dBp;
    }
    if (active[2] && c) {
      out[2] = unbroadcast(b, scale(b, dy!, beta), c, sameShape(shapes, node.output![0]!, c));
    }
    return out;
  },
  jvp(node, [da, db, dc], { b }) {
    const [a, bb, c] = node.input!;
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    const trans = [
      attr.int('transA', attrInt(node, 'transA', 0)),
      attr.int('transB', attrInt(node, 'transB', 0)),
    ];
    const parts: string[] = [];
    if (da) parts.push(b.op('Gemm', [da, bb!], [attr.float('alpha', alpha), ...trans]));
    if (db) parts.push(b.op('Gemm', [a!, db], [attr.float('alpha', alpha), ...trans]));
    if (dc && c) {
      const scaled = scale(b, dc, beta);
      if (parts.length > 0) parts.push(b.op('Add', [parts.pop()!, scaled]));
      else parts.push(expandLike(b, scaled, node.output![0]!));
    }
    return [sumAll(b, parts)];
  },
};

function scale(b: GraphBuilder, t: string, k: number): string {
  return k === 1 ? t : b.op('Mul', [t, b.float(k)]);
}
