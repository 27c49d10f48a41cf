import type { BackwardRules } from '@xai/core';
import type { NodeProto } from '../onnx-proto.js';
import type { RuleContext } from '../rules/rule.js';
import { relevanceVjp } from './lrp.js';
import { modifiedReluVjp } from './relu.js';

/**
 * The input cotangents of `node` under the explanation rules `backward`, or undefined
 * where they leave the node to its true derivative rule.
 */
export function explanationVjp(
  node: NodeProto,
  cotangents: ReadonlyArray<string | undefined>,
  ctx: RuleContext,
  backward: BackwardRules,
): Array<string | undefined> | undefined {
  const [dy] = cotangents;
  if (node.opType === 'Relu' && dy && backward.relu && backward.relu !== 'standard') {
    return [modifiedReluVjp(node, dy, ctx.b, backward.relu)];
  }
  const linear = backward.linear;
  if (linear && linear.kind !== 'gradient') return relevanceVjp(node, cotangents, ctx, linear);
  return undefined;
}
