import { attrFloat, attrInt } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { type NodeProto, onnx } from '../onnx-proto.js';
import { reduceStatic, sumAll, unbroadcast } from './common.js';
import { matMulRule, swapLast } from './matmul.js';
import type { OpRule } from './rule.js';
import { standardizeJacobian } from './standardize.js';

/**
 * com.microsoft fusions of whole blocks, each undone into default-domain ops (the
 * activation fusions are in contrib.ts).
 */

/**
 * SkipLayerNormalization `s = input + skip (+ bias)`, `y = LN(s) gamma (+ beta)` over the
 * last axis; output 3 (when present) is s itself, which fused residual chains pass on.
 */
export const skipLayerNormRule: OpRule = {
  differentiable: () => [0, 1, 4],
  differentiableOutputs: (node) => ((node.output ?? [])[3] ? [0, 3] : [0]),
  vjp(node, [dy, , , dSum], { b, active }) {
    const [x, skip, gamma, , bias] = node.input!;
    const parts: string[] = [];
    if (dy) {
      const g = b.op('Mul', [dy, gamma!]);
      parts.push(standardizeJacobian(b, skipSum(node, b), g, lastAxis(b), epsilon(node)));
    }
    if (dSum) parts.push(dSum);
    const ds = sumAll(b, parts)!;
    return [
      active[0] ? unbroadcast(b, ds, x!) : undefined,
      active[1] ? unbroadcast(b, ds, skip!) : undefined,
      undefined,
      undefined,
      active[4] && bias ? unbroadcast(b, ds, bias) : undefined,
    ];
  },
  jvp(node, [dx, dSkip, , , dBias], { b }) {
    const ds = sumAll(
      b,
      [dx, dSkip, dBias].filter((t): t is string => !!t),
    )!;
    const j = standardizeJacobian(b, skipSum(node, b), ds, lastAxis(b), epsilon(node));
    const outs: Array<string | undefined> = [b.op('Mul', [j, node.input![2]!])];
    if ((node.output ?? [])[3]) outs[3] = ds;
    return outs;
  },
};

const epsilon = (node: NodeProto) => attrFloat(node, 'epsilon', 1e-12);
const lastAxis = (b: GraphBuilder) => (t: string) => reduceStatic(b, 'ReduceMean', t, [-1]);

function skipSum(node: NodeProto, b: GraphBuilder): string {
  const [x, skip, , , bias] = node.input!;
  const s = b.op('Add', [x!, skip!]);
  return bias ? b.op('Add', [s, bias]) : s;
}

/**
 * FusedMatMul `alpha op(A) op(B)`, transA/transB swapping the last two axes: the MatMul
 * rules applied to the swapped operands, with the swaps (Einsum `...ij->...ji`) undone
 * on the cotangents. transBatchA/B (a batch axis moved last) are refused.
 */
export const fusedMatMulRule: OpRule = {
  check(node, opset) {
    if (attrInt(node, 'transBatchA', 0) || attrInt(node, 'transBatchB', 0))
      return 'transBatchA/transBatchB are not supported';
    return matMulRule.check?.(node, opset);
  },
  vjp(node, [dy], ctx) {
    const { b } = ctx;
    const { mm, swaps } = asMatMul(node, b);
    const scaled = b.op('Mul', [dy!, b.float(attrFloat(node, 'alpha', 1))]);
    const grads = matMulRule.vjp(mm, [scaled], ctx);
    return grads.map((g, i) => (g && swaps[i] ? swapLast(b, g) : g));
  },
  jvp(node, tangents, ctx) {
    const { b } = ctx;
    const { mm, swaps } = asMatMul(node, b);
    const ts = tangents.map((t, i) => (t && swaps[i] ? swapLast(b, t) : t));
    const [t] = matMulRule.jvp(mm, ts, ctx);
    return [b.op('Mul', [t!, b.float(attrFloat(node, 'alpha', 1))])];
  },
};

function asMatMul(node: NodeProto, b: GraphBuilder) {
  const swaps = [attrInt(node, 'transA', 0) === 1, attrInt(node, 'transB', 0) === 1];
  const inputs = node.input!.slice(0, 2).map((x, i) => (swaps[i] ? swapLast(b, x) : x));
  const mm = onnx.NodeProto.create({ opType: 'MatMul', input: inputs, output: node.output });
  return { mm, swaps };
}
