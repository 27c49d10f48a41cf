import { attr, attrInts, copyAttrs } from '../graph/attributes.js';
import { shapeOf, shapeTail } from './common.js';
import { spatialRank } from './conv.js';
import type { OpRule } from './rule.js';
import { autoPadOf } from './window-pads.js';

/**
 * ConvTranspose as a forward op: linear in X. JVP: the same ConvTranspose of the tangent
 * without bias. VJP: Conv is its adjoint for the same weights (`[C_in, C_out/g, k...]`
 * read as Conv's `[M, C/g, k...]`) with the same strides, dilations, pads and groups;
 * output_padding only adds output rows no input reaches, and a Slice to X's spatial
 * shape drops the extra rows the Conv then yields. auto_pad SAME and output_shape place
 * the padding by rules ONNX Runtime and the spec disagree on, so they are refused.
 */
export const convTransposeRule: OpRule = {
  differentiable: () => [0],
  check(node) {
    if (spatialRank(node) === undefined)
      return 'it sets none of kernel_shape, strides, dilations, pads';
    if (autoPadOf(node).startsWith('SAME')) return `auto_pad=${autoPadOf(node)} is not supported`;
    if (attrInts(node, 'output_shape')) return 'output_shape is not supported (give pads)';
    return undefined;
  },
  vjp(node, [dy], { b }) {
    const rank = spatialRank(node)!;
    const keep = ['strides', 'dilations', 'group', 'kernel_shape'];
    const pads = autoPadOf(node) === 'VALID' ? undefined : attrInts(node, 'pads');
    const conv = b.op(
      'Conv',
      [dy!, node.input![1]!],
      [
        ...(node.attribute ?? []).filter((a) => keep.includes(a.name ?? '')),
        ...(pads ? [attr.ints('pads', pads)] : []),
      ],
    );
    if (!(attrInts(node, 'output_padding') ?? []).some((p) => p > 0)) return [conv];
    const axes = Array.from({ length: rank }, (_, i) => i + 2);
    const ends = shapeTail(b, shapeOf(b, node.input![0]!), 2);
    return [b.op('Slice', [conv, b.int64(new Array<number>(rank).fill(0)), ends, b.int64(axes)])];
  },
  jvp(node, [dx], { b }) {
    return [b.op('ConvTranspose', [dx!, node.input![1]!], copyAttrs(node))];
  },
};
