import type { FirstLayerRule, LinearRule } from '@xai/core';
import type { NodeProto } from '../onnx-proto.js';
import { rules } from '../rules/registry.js';
import type { RuleContext } from '../rules/rule.js';
import { layerOps, relevanceVjp, stabilized } from './lrp.js';

/** The first-layer rules that do not read the input's values as a linear rule does. */
type InputFreeRule = Exclude<FirstLayerRule, LinearRule>;

/** The denominators' stabiliser of the first-layer rules (zennit's default epsilon). */
const STABILIZER = 1e-6;

/**
 * The input relevance `R_j` of the first layer with weights under `rule` (composites'
 * first-layer rules, see `FirstLayerRule` in core), where the backward pass switches from
 * modified gradients (`R = a g`) to relevance: the model input's "gradient" is `R` itself.
 */
export function firstLayerRelevance(
  node: NodeProto,
  [dy]: ReadonlyArray<string | undefined>,
  ctx: RuleContext,
  rule: FirstLayerRule,
): Array<string | undefined> {
  const { b } = ctx;
  const { data, x, w, z, pull, forward } = layerOps(node, ctx);
  const out: Array<string | undefined> = node.input!.map(() => undefined);
  if (!dy) return out;
  if (isLinearRule(rule)) {
    const g =
      rule.kind === 'gradient'
        ? rules.get(node.opType ?? '')!.vjp(node, [dy], ctx)[data]!
        : relevanceVjp(node, [dy], ctx, rule)![data]!;
    out[data] = b.op('Mul', [x, g]);
    return out;
  }
  const relevance = b.op('Mul', [z, dy]);
  const ones = b.op('Add', [b.op('Mul', [x, b.float(0)]), b.float(1)]);
  out[data] = inputFree(rule);
  return out;

  function inputFree(r: InputFreeRule): string {
    if (r.kind === 'flat' || r.kind === 'w-square') {
      // Inputs all 1 and weights 1 (flat) or w^2: the share of each input is fixed.
      const weight =
        r.kind === 'flat'
          ? b.op('Add', [b.op('Mul', [w, b.float(0)]), b.float(1)])
          : b.op('Mul', [w, w]);
      const s = b.op('Div', [relevance, stabilized(b, forward(ones, weight), STABILIZER)]);
      return pull(s, weight);
    }
    const wPos = b.op('Relu', [w]);
    const wNeg = b.op('Sub', [w, wPos]);
    const low = b.op('Mul', [ones, b.float(r.low)]);
    const high = b.op('Mul', [ones, b.float(r.high)]);
    const zBox = b.op('Sub', [
      b.op('Sub', [forward(x, w), forward(low, wPos)]),
      forward(high, wNeg),
    ]);
    const s = b.op('Div', [relevance, stabilized(b, zBox, STABILIZER)]);
    const parts = b.op('Sub', [
      b.op('Sub', [b.op('Mul', [x, pull(s)]), b.op('Mul', [low, pull(s, wPos)])]),
      b.op('Mul', [high, pull(s, wNeg)]),
    ]);
    return parts;
  }
}

/** Whether a first-layer rule is one of the linear rules (which read the input's values). */
export function isLinearRule(rule: FirstLayerRule): rule is LinearRule {
  return ['gradient', 'epsilon', 'alpha-beta', 'gamma'].includes(rule.kind);
}
