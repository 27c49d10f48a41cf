import type { BackwardRules, FirstLayerRule, LinearRule } from '@xai/core';
import type { GradientPath } from '../autodiff/path.js';
import type { NodeProto } from '../onnx-proto.js';
import type { RuleContext } from '../rules/rule.js';
import { firstLayerRelevance } from './first-layer.js';
import { weighted } from './linear-ops.js';
import { relevanceVjp } from './lrp.js';
import { modifiedReluVjp, reluBackwardMasks } from './relu.js';

/** The explanation rule of one node: its input cotangents, or undefined for its derivative. */
export type ExplanationVjp = (
  node: NodeProto,
  cotangents: ReadonlyArray<string | undefined>,
  ctx: RuleContext,
) => Array<string | undefined> | undefined;

/**
 * The explanation rules `backward` gives the nodes of `path`: a ReLU rule, a linear rule
 * for the layers with weights, or a composite mapping rules to layer kinds with a special
 * first layer (as zennit's composites do). `layer`: the inner tensor the pass stops at, if
 * any (its cotangent is an output, so no shortcut may change it).
 */
export function explanationVjp(
  path: GradientPath,
  backward: BackwardRules,
  layer?: string,
): ExplanationVjp {
  const first = backward.composite?.first !== undefined ? firstWeightedLayer(path) : undefined;
  return (node, cotangents, ctx) => {
    const [dy] = cotangents;
    if (node.opType === 'Relu' && dy && backward.relu && backward.relu !== 'standard') {
      return [
        modifiedReluVjp(node, dy, ctx.b, backward.relu, ctx.reluPremask?.done.has(dy) === true),
      ];
    }
    if (first !== undefined && node === first) {
      return firstLayerRelevance(node, cotangents, ctx, backward.composite!.first!);
    }
    const linear = linearRuleOf(node, backward);
    if (linear && linear.kind !== 'gradient') {
      const masked = fedByMaskingRelu(node, ctx, backward, layer);
      return relevanceVjp(node, cotangents, ctx, linear, masked);
    }
    return undefined;
  };
}

/** Ops that keep a tensor's values (or take the largest of them): zeros stay zeros. */
const keepsValues = new Set(['Flatten', 'GlobalMaxPool', 'Identity', 'MaxPool', 'Reshape']);

/**
 * Whether `node`'s data operand is a Relu's output, or one kept by `keepsValues` ops, with
 * the Relu's backward zeroing the cotangent wherever that output is 0 (the true rule and
 * guided backprop's; not deconvnet's), and no tensor on the way the one a layer pass stops
 * at. Such an operand is never negative, and what a rule sends to its zeros never reaches
 * the input (a max-pool's zero comes from a zero, where the Relu stops it).
 */
function fedByMaskingRelu(
  node: NodeProto,
  ctx: RuleContext,
  backward: BackwardRules,
  layer: string | undefined,
): boolean {
  if (!reluBackwardMasks(backward.relu)) return false;
  let t = node.input?.[ctx.active.findIndex(Boolean)];
  for (let steps = 0; t !== undefined && t !== layer && steps < 16; steps++) {
    const producer = ctx.producers?.get(t);
    if (producer?.opType === 'Relu') return true;
    if (!producer || !keepsValues.has(producer.opType ?? '')) return false;
    t = producer.input?.[0];
  }
  return false;
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
