import { attrInt } from '../graph/attributes.js';
import type { OpRule } from './rule.js';

/**
 * BatchNormalization at inference: `Y = gamma (X - mean) / sqrt(var + eps) + beta` is
 * linear in X with the per-channel factor `gamma / sqrt(var + eps)`. Both rules apply that
 * factor with a BatchNormalization of zero mean and zero bias (any rank, no reshapes).
 */
export const batchNormRule: OpRule = {
  differentiable: () => [0],
  differentiableOutputs: () => [0],
  check(node) {
    if (attrInt(node, 'training_mode', 0) !== 0) return 'training_mode=1 is not supported';
    if ((node.output ?? []).filter(Boolean).length > 1) return 'training outputs are not supported';
    return undefined;
  },
  vjp: (node, [dy], ctx) => [scaleOnly(node, dy!, ctx)],
  jvp: (node, [dx], ctx) => [scaleOnly(node, dx!, ctx)],
};

function scaleOnly(
  node: import('../onnx-proto.js').NodeProto,
  d: string,
  { b }: import('./rule.js').RuleContext,
): string {
  const [, scale, bias, , variance] = node.input!;
  const zeros = b.op('Mul', [bias!, b.float(0)]);
  const attrs = (node.attribute ?? []).filter((a) => a.name === 'epsilon');
  return b.op('BatchNormalization', [d, scale!, zeros, zeros, variance!], attrs);
}
