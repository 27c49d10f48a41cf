import type { LinearRule } from '@xai/core';
import { attrFloat } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { legacyGraphs } from '../rules/legacy-graphs.js';
import { rules } from '../rules/registry.js';
import type { RuleContext } from '../rules/rule.js';
import { unweightedLinear, weighted } from './linear-ops.js';

/**
 * Layer-wise relevance propagation (Bach et al. 2015; Montavon et al. 2019, "Layer-wise
 * relevance propagation: an overview") written as a modified gradient. Relevance at a
 * tensor `a` is `R = a * g`, with `g` what the backward pass carries; the input's
 * relevance is `x * g`. Seeding the logits with a one-hot `u` makes the target logit the
 * output relevance. Written this way, every op whose relevance rule is "pass it on in
 * proportion to the contributions" keeps its gradient rule: ReLU and max-pool route `g`
 * to where the output came from (relevance passes unchanged), bias-free linear ops (pooling,
 * reshapes, residual sums) split it by `a_j * dz/da_j` (LRP-0, conservative by Euler's
 * theorem). Only the layers with weights get other rules:
 *
 * - epsilon: `R_j = sum_k a_j w_jk R_k / (z_k + eps sign(z_k))`, i.e. the cotangent at
 *   the layer's output `z` (bias included) is first multiplied by `z / (z + eps sign z)`,
 *   then pulled back by the true gradient (sign(0) = 1).
 * - alpha-beta: `R_j = sum_k (alpha (a_j w_jk)^+ / z_k^+ - beta (a_j w_jk)^- / z_k^-) R_k`
 *   with `z_k^± = sum_j (a_j w_jk)^±` (biases left out, as in the overview's z+ rule, so
 *   each layer conserves relevance when alpha - beta = 1). For inputs of either sign,
 *   `(a w)^+ = a^+ w^+ + a^- w^-` (as Zennit's AlphaBeta), so the backward pass goes through
 *   `W^+` where `a > 0` and through `W^-` where `a < 0`. Denominators are moved away from
 *   zero by `stabilizer`. Alpha 1, beta 0 is the z+ rule, and excitation backprop's
 *   marginal winning probability (Zhang et al. 2018) when the output relevance is 1.
 *
 * BatchNormalization, one weight per input, gets the same rules on `y = s x + t`.
 */

/** Ops whose gradient rule is their LRP rule in the modified-gradient form (see above). */
const passByGradient = new Set([
  ...unweightedLinear,
  // Nonlinear, but the overview's ReLU and max-pool rules are their gradients.
  'Clip',
  'GlobalMaxPool',
  'LeakyRelu',
  'MaxPool',
  'ReduceMax',
  'Relu',
]);

/**
 * Why `node` has no relevance rule (a string naming the reason), or undefined when it has
 * one. `active[i]` says whether input i depends on the model input.
 */
export function relevanceProblem(node: NodeProto, active: readonly boolean[]): string | undefined {
  const op = node.opType ?? '';
  const live = active.filter(Boolean).length;
  if (weighted.has(op)) {
    if (live > 1) return 'more than one of its operands depends on the input, so it has no weights';
    if (op === 'Gemm' && attrFloat(node, 'alpha', 1) <= 0)
      return 'its alpha is not positive, so the signs of its weights are not those of W';
    return undefined;
  }
  if (op === 'Mul' || op === 'Div') {
    if (live > 1) return 'it multiplies two tensors that depend on the input';
    return op === 'Div' && active[1]
      ? 'it divides by a tensor that depends on the input'
      : undefined;
  }
  if (passByGradient.has(op)) return undefined;
  return 'it is neither linear nor piecewise linear, so its gradient would not pass relevance on';
}

/** The operations a relevance rule builds on one layer with weights. */
export interface LayerOps {
  /** The index of the input that depends on the model input (the data operand). */
  readonly data: number;
  /** The data operand, the weights and the output (bias included). */
  readonly x: string;
  readonly w: string;
  readonly z: string;
  /** The cotangent pulled back to the data operand, through `weight` instead of W if given. */
  pull(cotangent: string, weight?: string): string;
  /** The layer applied to `input` with `weight`, without its bias. */
  forward(input: string, weight: string): string;
}

/** The operations of `node` (Conv, Gemm, MatMul, BatchNormalization) for relevance rules. */
export function layerOps(node: NodeProto, ctx: RuleContext): LayerOps {
  const op = node.opType ?? '';
  const data = ctx.active.findIndex(Boolean);
  const rule = rules.get(op)!;
  const wi = weightIndex(op, data);
  return {
    data,
    x: node.input![data]!,
    w: node.input![wi]!,
    z: node.output![0]!,
    pull(cotangent, weight) {
      const inputs = [...node.input!];
      if (weight !== undefined) inputs[wi] = weight;
      return rule.vjp({ ...node, input: inputs } as NodeProto, [cotangent], ctx)[data]!;
    },
    forward(input, weight) {
      // Operands 0 and 1 only: the bias (Conv, Gemm) is left out of the denominators.
      const inputs = node.input!.slice(0, 2);
      inputs[data] = input;
      inputs[wi] = weight;
      return ctx.b.op(op, inputs, node.attribute ?? []);
    },
  };
}

/** `t + stabilizer sign(t)`, with sign(0) = 1: a denominator moved away from zero. */
export function stabilized(b: GraphBuilder, t: string, stabilizer: number): string {
  const sign = b.op('Where', [b.op('Less', [t, b.float(0)]), b.float(-1), b.float(1)]);
  return b.op('Add', [t, b.op('Mul', [sign, b.float(stabilizer)])]);
}

/**
 * The modified cotangents of a layer with weights under `linear`, or undefined when
 * `node` is not such a layer (its own rule applies). `nonNegativeMasked`: the data operand
 * is a ReLU's output whose backward zeroes the cotangent where it is 0 (explanation-rules/
 * backward.ts), so alpha-beta needs no negative half. `reluOutput`: the output of the one
 * ReLU the layer feeds, which passed `dy` on unmasked; the rule reads it in place of z
 * (relevance-after-relu.ts).
 */
export function relevanceVjp(
  node: NodeProto,
  [dy]: ReadonlyArray<string | undefined>,
  ctx: RuleContext,
  linear: Exclude<LinearRule, { kind: 'gradient' }>,
  nonNegativeMasked = false,
  reluOutput?: string,
): Array<string | undefined> | undefined {
  const op = node.opType ?? '';
  if (!weighted.has(op) || !dy) return undefined;
  const { b } = ctx;
  const { data, x, w, z, pull, forward } = layerOps(node, ctx);
  const out: Array<string | undefined> = node.input!.map(() => undefined);
  const legacy = legacyGraphs('relevance');
  if (linear.kind === 'epsilon' && legacy) {
    out[data] = pull(b.op('Mul', [dy, b.op('Div', [z, stabilized(b, z, linear.epsilon)])]));
    return out;
  }
  if (linear.kind === 'epsilon') {
    // z / (z + eps sign z) as |z| / (|z| + eps): the same value (rounding is symmetric in
    // sign; 0 where z is ±0) in three ops instead of five; after a ReLU, y / (y + eps).
    const magnitude = reluOutput ?? b.op('Abs', [z]);
    const ratio = b.op('Div', [magnitude, b.op('Add', [magnitude, b.float(linear.epsilon)])]);
    out[data] = pull(b.op('Mul', [dy, ratio]));
    return out;
  }
  const relevance = b.op('Mul', [reluOutput ?? z, dy]);
  if (linear.kind === 'gamma') {
    if (op === 'BatchNormalization') {
      // One contribution s x per output: the relevance passes on whole.
      const c = scaleOnly(node, x, b);
      out[data] = pull(b.op('Div', [relevance, stabilized(b, c, linear.stabilizer)]));
      return out;
    }
    const lifted = b.op('Add', [w, b.op('Mul', [b.op('Relu', [w]), b.float(linear.gamma)])]);
    const denominator = stabilized(b, forward(x, lifted), linear.stabilizer);
    out[data] = pull(b.op('Div', [relevance, denominator]), lifted);
    return out;
  }
  const { alpha, beta } = linear;
  const share = alphaBetaShare(
    node,
    ctx,
    { x, w, pull, forward },
    linear,
    relevance,
    nonNegativeMasked && !legacy,
  );
  out[data] = combine(
    b,
    alpha,
    beta,
    () => share(1),
    () => share(-1),
  );
  return out;
}

/**
 * Alpha-beta's pull-back of the positive (sign 1) or the negative (sign -1) contributions'
 * share of `relevance` (see the file's comment); `nonNegativeMasked` as for `relevanceVjp`.
 */
function alphaBetaShare(
  node: NodeProto,
  ctx: RuleContext,
  { x, w, pull, forward }: Pick<LayerOps, 'x' | 'w' | 'pull' | 'forward'>,
  { stabilizer }: Extract<LinearRule, { kind: 'alpha-beta' }>,
  relevance: string,
  nonNegativeMasked: boolean,
): (sign: 1 | -1) => string {
  const { b } = ctx;
  if (node.opType === 'BatchNormalization') {
    // y = s x + t: one contribution c = s x per output.
    const c = scaleOnly(node, x, b);
    return (sign) => {
      const mask = b.op(sign > 0 ? 'Greater' : 'Less', [c, b.float(0)]);
      const denominator = b.op('Add', [c, b.float(sign * stabilizer)]);
      return pull(b.op('Where', [mask, b.op('Div', [relevance, denominator]), b.float(0)]));
    };
  }
  const wPos = b.op('Relu', [w]);
  const wNeg = b.op('Sub', [w, wPos]);
  if (nonNegativeMasked) {
    // x ≥ 0: x- is 0, so z± is x W± and the pull-back goes through W± alone; where x is 0
    // the cotangent differs from the general form below, but the ReLU's rule zeroes it
    // there (or, after a Clip, the layer before it: backward.ts `clipMasks`). Same values
    // where x > 0, with two Convs a share instead of four.
    return (sign) => {
      const weight = sign > 0 ? wPos : wNeg;
      const zPart = b.op('Add', [forward(x, weight), b.float(sign * stabilizer)]);
      return pull(b.op('Div', [relevance, zPart]), weight);
    };
  }
  const positive = b.op('Greater', [x, b.float(0)]);
  const xPos = b.op('Relu', [x]);
  const xNeg = b.op('Sub', [x, xPos]);
  // sign +1: the positive contributions x+ W+ + x- W-; sign -1: the negative ones.
  return (sign) => {
    const [onPos, onNeg] = sign > 0 ? [wPos, wNeg] : [wNeg, wPos];
    const zPart = b.op('Add', [forward(xPos, onPos), forward(xNeg, onNeg)]);
    const s = b.op('Div', [relevance, b.op('Add', [zPart, b.float(sign * stabilizer)])]);
    return b.op('Where', [positive, pull(s, onPos), pull(s, onNeg)]);
  };
}

/** Conv takes its weights as input 1; Gemm's and MatMul's are whichever operand is constant. */
function weightIndex(op: string, data: number): number {
  return op === 'Conv' ? 1 : 1 - data;
}

function combine(
  b: GraphBuilder,
  alpha: number,
  beta: number,
  positive: () => string,
  negative: () => string,
): string {
  const pos = alpha === 1 ? positive() : b.op('Mul', [positive(), b.float(alpha)]);
  if (beta === 0) return pos;
  return b.op('Sub', [pos, b.op('Mul', [negative(), b.float(beta)])]);
}

/** `s x` of a BatchNormalization `y = s x + t` (zero mean and bias, same scale and epsilon). */
function scaleOnly(node: NodeProto, x: string, b: GraphBuilder): string {
  const [, scale, bias, , variance] = node.input!;
  const zeros = b.op('Mul', [bias!, b.float(0)]);
  const attrs = (node.attribute ?? []).filter((a) => a.name === 'epsilon');
  return b.op('BatchNormalization', [x, scale!, zeros, zeros, variance!], attrs);
}
