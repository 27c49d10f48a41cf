import { attrInts, attrString } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { shapeOf, shapeTail } from './common.js';

/** A Conv or pool node's `auto_pad`: NOTSET (explicit pads), VALID, SAME_UPPER, SAME_LOWER. */
export function autoPadOf(node: NodeProto): string {
  return attrString(node, 'auto_pad', 'NOTSET');
}

/** Why the node's auto_pad cannot be differentiated, or undefined. */
export function autoPadProblem(node: NodeProto): string | undefined {
  const autoPad = autoPadOf(node);
  return ['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'].includes(autoPad)
    ? undefined
    : `auto_pad=${autoPad} is not an ONNX value`;
}

/**
 * The padding before the first element on each spatial axis, as a 1-D int64 tensor:
 * the `pads` attribute's first half, zeros for VALID, and for SAME_UPPER/SAME_LOWER the
 * run-time value ONNX defines: `total = max((ceil(in / s) - 1) s + (k - 1) d + 1 - in, 0)`,
 * `floor(total / 2)` before for SAME_UPPER, `ceil(total / 2)` for SAME_LOWER. `kernel` is
 * a 1-D int64 tensor (the weights' spatial shape for Conv), so nothing needs static shapes.
 */
export function leadingPads(
  b: GraphBuilder,
  node: NodeProto,
  x: string,
  rank: number,
  kernel: string,
): string {
  const autoPad = autoPadOf(node);
  if (autoPad === 'NOTSET' || autoPad === 'VALID') {
    const pads = autoPad === 'NOTSET' ? attrInts(node, 'pads') : undefined;
    return b.int64(pads ? pads.slice(0, rank) : new Array<number>(rank).fill(0));
  }
  const strides = b.int64(attrInts(node, 'strides') ?? new Array<number>(rank).fill(1));
  const dilations = b.int64(attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1));
  const one = b.int64([1]);
  const size = shapeTail(b, shapeOf(b, x), 2);
  const out = b.op('Div', [b.op('Sub', [b.op('Add', [size, strides]), one]), strides]);
  const span = b.op('Add', [b.op('Mul', [b.op('Sub', [kernel, one]), dilations]), one]);
  const needed = b.op('Sub', [
    b.op('Add', [b.op('Mul', [b.op('Sub', [out, one]), strides]), span]),
    size,
  ]);
  // max(needed, 0) by Where: Max has no int64 kernel before opset 12.
  const zero = b.int64([0]);
  const total = b.op('Where', [b.op('Greater', [needed, zero]), needed, zero]);
  const two = b.int64([2]);
  return autoPad === 'SAME_UPPER'
    ? b.op('Div', [total, two])
    : b.op('Div', [b.op('Add', [total, one]), two]);
}

/**
 * `t` cut on the spatial axes to `[begin, begin + size(like))`: what a transposed
 * window op produced beyond the input (its padding and the rows no window reached).
 */
export function sliceToInput(
  b: GraphBuilder,
  t: string,
  like: string,
  rank: number,
  begin: string,
): string {
  const axes = b.int64(Array.from({ length: rank }, (_, i) => i + 2));
  const ends = b.op('Add', [begin, shapeTail(b, shapeOf(b, like), 2)]);
  return b.op('Slice', [t, begin, ends, axes]);
}
