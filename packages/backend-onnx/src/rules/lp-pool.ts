import { attr, attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { type NodeProto, onnx } from '../onnx-proto.js';
import { averagePoolRule } from './average-pool.js';
import { flat, reshapeLike } from './common.js';
import type { OpRule } from './rule.js';

/**
 * LpPool `y = (sum over the window of |x|^p)^(1/p)` (padding adds zeros): with the window
 * sum as `K` times an AveragePool that counts the padding, `dy = y^(1-p) K
 * AveragePool(sign(x) |x|^(p-1) dx)`; the VJP applies the AveragePool rule's transpose
 * to `K y^(1-p) dY` and multiplies by `sign(x) |x|^(p-1)`.
 */
export const lpPoolRule: OpRule = {
  check(node) {
    if (!attrInts(node, 'kernel_shape')) return 'it has no kernel_shape';
    if (attrInt(node, 'ceil_mode', 0) !== 0) return 'ceil_mode=1 is not supported';
    if ((attrInts(node, 'dilations') ?? []).some((d) => d !== 1))
      return 'dilations are not supported';
    return averagePoolRule.check?.(node, 18);
  },
  vjp(node, [dy], ctx) {
    const { b } = ctx;
    const { pool, local, scale } = parts(node, b);
    const [g] = averagePoolRule.vjp(pool, [b.op('Mul', [dy!, scale])], ctx);
    return [b.op('Mul', [g!, local])];
  },
  jvp(node, [dx], { b }) {
    const { pool, local, scale } = parts(node, b);
    const pooled = b.op('AveragePool', [b.op('Mul', [dx!, local])], pool.attribute ?? []);
    return [b.op('Mul', [pooled, scale])];
  },
};

function parts(node: NodeProto, b: GraphBuilder) {
  const x = node.input![0]!;
  const p = attrInt(node, 'p', 2);
  const kernel = attrInts(node, 'kernel_shape')!;
  const attrs = [
    ...copyAttrs(node, 'p', 'ceil_mode', 'dilations'),
    attr.int('count_include_pad', 1),
  ];
  const pool = onnx.NodeProto.create({
    opType: 'AveragePool',
    input: [x],
    output: node.output,
    attribute: attrs,
  });
  const ax = b.op('Abs', [x]);
  const local = p === 2 ? x : b.op('Mul', [b.op('Sign', [x]), b.op('Pow', [ax, b.float(p - 1)])]);
  const k = kernel.reduce((s, v) => s * v, 1);
  const scale = b.op('Mul', [b.op('Pow', [node.output![0]!, b.float(1 - p)]), b.float(k)]);
  return { pool, local, scale };
}

/**
 * MaxUnpool: X's elements placed at the flat positions `I` (from MaxPool) of a zero
 * tensor. JVP: the same unpooling of the tangent; VJP: the cotangent gathered at `I`.
 */
export const maxUnpoolRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1, 2],
  vjp(node, [dy], { b }) {
    const [x, indices] = node.input!;
    return [reshapeLike(b, b.op('Gather', [flat(b, dy!), flat(b, indices!)]), x!)];
  },
  jvp: (node, [dx], { b }) => [b.op('MaxUnpool', [dx!, ...node.input!.slice(1)], copyAttrs(node))],
};
