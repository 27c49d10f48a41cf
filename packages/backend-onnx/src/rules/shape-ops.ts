import { attr, attrInts, copyAttrs } from '../graph/attributes.js';
import { reshapeLike } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Ops that only move or relabel elements of input 0 (Flatten, Reshape, Squeeze,
 * Unsqueeze): the JVP runs the same op on the tangent (with the same shape or axes
 * inputs), the VJP reshapes the cotangent back to the input's run-time shape.
 */
export const reshapeLikeRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, [dy], { b }) {
    return [reshapeLike(b, dy!, node.input![0]!)];
  },
  jvp(node, [dx], { b }) {
    return [b.op(node.opType!, [dx!, ...node.input!.slice(1)], copyAttrs(node))];
  },
};

/** Identity, and Dropout at inference: derivatives pass through unchanged. */
export const identityRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1, 2],
  differentiableOutputs: () => [0],
  vjp: (_node, [dy]) => [dy],
  jvp: (_node, [dx]) => [dx],
};

/** Transpose: the VJP transposes back with the inverse permutation. */
export const transposeRule: OpRule = {
  vjp(node, [dy], { b }) {
    const perm = attrInts(node, 'perm');
    if (!perm) return [b.op('Transpose', [dy!])]; // the default (reversal) is its own inverse
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [b.op('Transpose', [dy!], [attr.ints('perm', inverse)])];
  },
  jvp(node, [dx], { b }) {
    return [b.op('Transpose', [dx!], copyAttrs(node))];
  },
};
