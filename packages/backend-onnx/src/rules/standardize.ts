import { attrFloat, attrInt, attrInts } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { reduceStatic, reshapeLike } from './common.js';
import type { OpRule } from './rule.js';

/**
 * The Jacobian of standardisation `y = c / s`, `c = x - mean(x)`, `s = sqrt(var + e) + e'`
 * over a set of axes, applied to `d`: `(dc - c mean(c dc) / (sigma s)) / s` with
 * `dc = d - mean(d)`, `sigma = sqrt(var + e)`. It is symmetric, so it serves VJP and JVP.
 * `mean` reduces over the axes with kept dims.
 */
export function standardizeJacobian(
  b: GraphBuilder,
  x: string,
  d: string,
  mean: (t: string) => string,
  epsInside: number,
  epsOutside = 0,
): string {
  const c = b.op('Sub', [x, mean(x)]);
  const sigma = b.op('Sqrt', [b.op('Add', [mean(b.op('Mul', [c, c])), b.float(epsInside)])]);
  const s = epsOutside === 0 ? sigma : b.op('Add', [sigma, b.float(epsOutside)]);
  const dc = b.op('Sub', [d, mean(d)]);
  const proj = b.op('Div', [mean(b.op('Mul', [c, dc])), b.op('Mul', [sigma, s])]);
  return b.op('Div', [b.op('Sub', [dc, b.op('Mul', [c, proj])]), s]);
}

/** `[N, G, -1]` view of t (G = 0 keeps dim 1). */
function rows(b: GraphBuilder, t: string, groups: number): string {
  return b.op('Reshape', [t, b.int64([0, groups, -1])]);
}

const lastAxisMean = (b: GraphBuilder) => (t: string) => reduceStatic(b, 'ReduceMean', t, [2]);

/**
 * InstanceNormalization `scale (x - mean) / sqrt(var + eps) + B` per sample and channel
 * over the spatial axes: on the `[N, C, S]` view, the standardisation Jacobian, scaled
 * per channel (before it for the VJP, after it for the JVP).
 */
export const instanceNormRule: OpRule = {
  differentiable: () => [0],
  vjp(node, [dy], { b }) {
    const [x, scale] = node.input!;
    const g = b.op('Mul', [rows(b, dy!, 0), channelColumn(b, scale!)]);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    return [reshapeLike(b, standardizeJacobian(b, rows(b, x!, 0), g, lastAxisMean(b), eps), x!)];
  },
  jvp(node, [dx], { b }) {
    const [x, scale] = node.input!;
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const j = standardizeJacobian(b, rows(b, x!, 0), rows(b, dx!, 0), lastAxisMean(b), eps);
    return [reshapeLike(b, b.op('Mul', [j, channelColumn(b, scale!)]), x!)];
  },
};

/** A per-channel vector `[C]` as a column `[C, 1]` that broadcasts over `[N, C, S]`. */
function channelColumn(b: GraphBuilder, v: string): string {
  return b.op('Reshape', [v, b.int64([-1, 1])]);
}

/**
 * GroupNormalization (18, 21): standardisation over each group of channels, then the
 * scale: per group `[G]` before opset 21, per channel `[C]` from 21.
 */
export const groupNormRule: OpRule = {
  differentiable: () => [0],
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const groups = attrInt(node, 'num_groups', 1);
    const g = rows(b, scaled(b, node, dy!), groups);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    return [reshapeLike(b, standardizeJacobian(b, rows(b, x, groups), g, lastAxisMean(b), eps), x)];
  },
  jvp(node, [dx], { b }) {
    const x = node.input![0]!;
    const groups = attrInt(node, 'num_groups', 1);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const j = standardizeJacobian(
      b,
      rows(b, x, groups),
      rows(b, dx!, groups),
      lastAxisMean(b),
      eps,
    );
    return [scaled(b, node, reshapeLike(b, j, x))];
  },
};

/** `t` (shaped like x) times GroupNormalization's scale. */
function scaled(b: GraphBuilder, node: NodeProto, t: string): string {
  const scale = node.input![1]!;
  if (b.opset >= 21) {
    return reshapeLike(b, b.op('Mul', [rows(b, t, 0), channelColumn(b, scale)]), t);
  }
  const groups = attrInt(node, 'num_groups', 1);
  return reshapeLike(b, b.op('Mul', [rows(b, t, groups), channelColumn(b, scale)]), t);
}

/**
 * MeanVarianceNormalization `(x - mean) / (sqrt(var) + 1e-9)` over `axes` (default
 * [0, 2, 3]), as ONNX Runtime computes it.
 */
export const mvnRule: OpRule = {
  vjp: (node, [dy], { b }) => [mvn(b, node, dy!)],
  jvp: (node, [dx], { b }) => [mvn(b, node, dx!)],
};

function mvn(b: GraphBuilder, node: NodeProto, d: string): string {
  const axes = attrInts(node, 'axes') ?? [0, 2, 3];
  return standardizeJacobian(
    b,
    node.input![0]!,
    d,
    (t) => reduceStatic(b, 'ReduceMean', t, axes),
    0,
    1e-9,
  );
}

/**
 * LpNormalization `y = x / ||x||_p` along `axis` (p 1 or 2), with `n = ||x||_p`:
 * p = 2: `J = (I - y y^T) / n` (symmetric); p = 1: `J = (I - y sign(x)^T) / n`.
 */
export const lpNormalizationRule: OpRule = {
  check(node) {
    const p = attrInt(node, 'p', 2);
    return p === 1 || p === 2 ? undefined : `p=${p} is not 1 or 2`;
  },
  vjp(node, [dy], { b }) {
    const { y, n, s, sum } = lpParts(b, node);
    return [b.op('Div', [b.op('Sub', [dy!, b.op('Mul', [s, sum(b.op('Mul', [y, dy!]))])]), n])];
  },
  jvp(node, [dx], { b }) {
    const { y, n, s, sum } = lpParts(b, node);
    return [b.op('Div', [b.op('Sub', [dx!, b.op('Mul', [y, sum(b.op('Mul', [s, dx!]))])]), n])];
  },
};

function lpParts(b: GraphBuilder, node: NodeProto) {
  const x = node.input![0]!;
  const y = node.output![0]!;
  const axis = attrInt(node, 'axis', -1);
  const sum = (t: string) => reduceStatic(b, 'ReduceSum', t, [axis]);
  const p = attrInt(node, 'p', 2);
  const s = p === 1 ? b.op('Sign', [x]) : y;
  const n = p === 1 ? sum(b.op('Abs', [x])) : b.op('Sqrt', [sum(b.op('Mul', [x, x]))]);
  return { y, n, s, sum };
}
