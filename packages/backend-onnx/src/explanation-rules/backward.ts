import type { BackwardRules, FirstLayerRule, LinearRule } from '@xai/core';
import type { GradientPath } from '../autodiff/path.js';
import type { NodeProto } from '../onnx-proto.js';
import type { RuleContext } from '../rules/rule.js';
import { clipFloor } from './clip-floor.js';
import { firstLayerRelevance } from './first-layer.js';
import { weighted } from './linear-ops.js';
import { relevanceVjp } from './lrp.js';
import { relevanceAfterRelu } from './relevance-after-relu.js';
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
  const masking: MaskingFacts = { backward, layer, first };
  const shortcut = relevanceAfterRelu(
    path,
    backward,
    (n) => linearRuleOf(n, backward)?.kind,
    layer,
    first,
  );
  return (node, cotangents, ctx) => {
    const [dy] = cotangents;
    if (shortcut.unmasked.has(node)) return [dy];
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
      const masked = fedByMaskingRelu(node, ctx, masking);
      return relevanceVjp(node, cotangents, ctx, linear, masked, shortcut.ratioFrom.get(node));
    }
    return undefined;
  };
}

/** Ops that keep a tensor's values (or take the largest of them): zeros stay zeros. */
const keepsValues = new Set(['Flatten', 'GlobalMaxPool', 'Identity', 'MaxPool', 'Reshape']);

/** What `fedByMaskingRelu` reads besides the node and its context: the rules. */
interface MaskingFacts {
  readonly backward: BackwardRules;
  /** The tensor a layer pass stops at, if any. */
  readonly layer: string | undefined;
  /** The layer a composite's first-layer rule takes, if any. */
  readonly first: NodeProto | undefined;
}

/**
 * Whether `node`'s data operand is a masking ReLU's output, or one kept by `keepsValues` ops,
 * with no tensor on the way the one a layer pass stops at: never negative, and what a rule
 * sends to its zeros never reaches the input (a max-pool's zero comes from a zero, where the
 * ReLU stops it). A masking ReLU is a Relu whose backward zeroes the cotangent wherever its
 * output is 0 (the true rule and guided backprop's; not deconvnet's), or a Clip that is one
 * in effect (`clipMasks`: MobileNet V2's ReLU6).
 */
function fedByMaskingRelu(node: NodeProto, ctx: RuleContext, facts: MaskingFacts): boolean {
  if (!reluBackwardMasks(facts.backward.relu)) return false;
  let t = node.input?.[ctx.active.findIndex(Boolean)];
  for (let steps = 0; t !== undefined && t !== facts.layer && steps < 16; steps++) {
    const producer = ctx.producers?.get(t);
    if (producer?.opType === 'Relu') return true;
    if (producer?.opType === 'Clip') return clipMasks(producer, ctx, facts);
    if (!producer || !keepsValues.has(producer.opType ?? '')) return false;
    t = producer.input?.[0];
  }
  return false;
}

/**
 * Whether a Clip's output is never negative and what reaches its zeros stops there. With a
 * constant floor above 0 it has no zeros. With a floor of 0 its backward may still pass the
 * cotangent where its input is exactly 0 (the `y = x` mask of rules/clip.ts, bounds included,
 * where the input is not a Conv's output or under `legacy-clip`), so
 * the input must be the output z of a layer whose relevance rule scales by z (alpha-beta's,
 * gamma's and epsilon's `z · dy`, `|z| / (|z| + eps)`: 0 there), and not the tensor a layer
 * pass stops at, nor the first layer under a composite's own rule for it.
 */
function clipMasks(clip: NodeProto, ctx: RuleContext, facts: MaskingFacts): boolean {
  const floor = clipFloor(clip, ctx.b.opset, ctx.constants);
  if (floor === undefined || !(floor >= 0)) return false;
  if (floor > 0) return true;
  const z = clip.input?.[0];
  const layer = z === undefined ? undefined : ctx.producers?.get(z);
  if (z === facts.layer || !layer || layer === facts.first) return false;
  if (!weighted.has(layer.opType ?? '')) return false;
  const rule = linearRuleOf(layer, facts.backward);
  return rule !== undefined && rule.kind !== 'gradient';
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
