import type { BackwardRules, FirstLayerRule, LinearRule } from '@xai/core';
import type { GradientPath } from '../autodiff/path.js';
import type { NodeProto } from '../onnx-proto.js';
import type { RuleContext } from '../rules/rule.js';
import { firstLayerRelevance } from './first-layer.js';
import { weighted } from './linear-ops.js';
import { relevanceVjp } from './lrp.js';
import { modifiedReluVjp } from './relu.js';

/** The explanation rule of one node: its input cotangents, or undefined for its derivative. */
export type ExplanationVjp = (
  node: NodeProto,
  cotangents: ReadonlyArray<string | undefined>,
  ctx: RuleContext,
) => Array<string | undefined> | undefined;

/**
 * The explanation rules `backward` gives the nodes of `path`: a ReLU rule, a linear rule
 * for the layers with weights, or a composite mapping rules to layer kinds with a special
 * first layer (as zennit's composites do).
 */
export function explanationVjp(path: GradientPath, backward: BackwardRules): ExplanationVjp {
  const first = backward.composite?.first !== undefined ? firstWeightedLayer(path) : undefined;
  return (node, cotangents, ctx) => {
    const [dy] = cotangents;
    if (node.opType === 'Relu' && dy && backward.relu && backward.relu !== 'standard') {
      return [modifiedReluVjp(node, dy, ctx.b, backward.relu)];
    }
    if (first !== undefined && node === first) {
      return firstLayerRelevance(node, cotangents, ctx, backward.composite!.first!);
    }
    const linear = linearRuleOf(node, backward);
    if (linear && linear.kind !== 'gradient') return relevanceVjp(node, cotangents, ctx, linear);
    return undefined;
  };
}

/** The linear rule `backward` gives a layer with weights (other than a composite's first). */
export function linearRuleOf(node: NodeProto, backward: BackwardRules): LinearRule | undefined {
  const composite = backward.composite;
  if (composite && node.opType === 'Conv' && composite.conv) return composite.conv;
  if (composite && (node.opType === 'Gemm' || node.opType === 'MatMul') && composite.dense) {
    return composite.dense;
  }
  return backward.linear;
}

/** The layer with weights nearest the input: the path's first in topological order. */
export function firstWeightedLayer(path: GradientPath): NodeProto | undefined {
  return path.nodes.find((n) => weighted.has(n.opType ?? ''));
}

/** Whether any of `backward`'s rules for layers with weights differs from the gradient. */
export function changesLinearLayers(backward: BackwardRules): boolean {
  const rules: Array<LinearRule | FirstLayerRule | undefined> = [
    backward.linear,
    backward.composite?.conv,
    backward.composite?.dense,
    backward.composite?.first,
  ];
  return rules.some((r) => r !== undefined && r.kind !== 'gradient');
}
