import { attr } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MAX } from '../graph/builder.js';

/** `Shape(x)` at run time. */
export function shapeOf(b: GraphBuilder, x: string): string {
  return b.op('Shape', [x]);
}

/** Zeros shaped like `x`, of the graph's float type. */
export function zerosLike(b: GraphBuilder, x: string): string {
  return b.op('ConstantOfShape', [shapeOf(b, x)], [b.floatValueAttr(0)]);
}

/** `t` broadcast to the shape of `like` (a copy when the shapes already agree). */
export function expandLike(b: GraphBuilder, t: string, like: string): string {
  return b.op('Expand', [t, shapeOf(b, like)]);
}

/** `t` with a new axis of size 1 at `axis` (Unsqueeze's axes an input from opset 13). */
export function unsqueezeAt(b: GraphBuilder, t: string, axis: number): string {
  return b.opset >= 13
    ? b.op('Unsqueeze', [t, b.int64([axis])])
    : b.op('Unsqueeze', [t], [attr.ints('axes', [axis])]);
}

/** The sum of several tensors (`undefined` for none). */
export function sumAll(b: GraphBuilder, parts: readonly string[]): string | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return b.op('Sum', parts);
}

/** Reshapes `t` to the run-time shape of `like`. */
export function reshapeLike(b: GraphBuilder, t: string, like: string): string {
  return b.op('Reshape', [t, shapeOf(b, like)]);
}

/** A 1-D view `[numel]` of `t`. */
export function flat(b: GraphBuilder, t: string): string {
  return b.op('Reshape', [t, b.int64([-1])]);
}

/** Elements `start..end` of a 1-D tensor: Slice takes them as inputs from opset 10, before as attributes. */
export function slice1D(b: GraphBuilder, t: string, start: number, end: number): string {
  if (b.opset >= 10) return b.op('Slice', [t, b.int64([start]), b.int64([end])]);
  return b.op('Slice', [t], [attr.ints('starts', [start]), attr.ints('ends', [end])]);
}

/** Dims `from..` of `shape` (a 1-D int64 tensor). */
export function shapeTail(b: GraphBuilder, shape: string, from: number): string {
  return b.op('Slice', [shape, b.int64([from]), b.int64([INT64_MAX])]);
}

/**
 * Undoes broadcasting: sums `g` down to the run-time shape of `like`. The axes are
 * computed at run time (leading axes `like` lacks, and axes where `like` has 1 and `g`
 * has not), so this needs no static shapes; with equal shapes it is a no-op ReduceSum.
 * Before opset 13 ReduceSum cannot take run-time axes: there `g` is only reshaped to
 * `like`'s shape, exact when `like` was not broadcast (the usual case: an activation
 * combined with a bias or scale), and a run-time error (never a wrong number) when it was.
 */
export function unbroadcast(
  b: GraphBuilder,
  g: string,
  like: string,
  /** Known (by the shape probe) to have `g`'s shape: nothing to undo. */
  sameShape = false,
): string {
  if (sameShape) return g;
  if (b.opset < 13) return reshapeLike(b, g, like);
  const sg = shapeOf(b, g);
  const sx = shapeOf(b, like);
  const rankDiff = b.op('Sub', [shapeOf(b, sg), shapeOf(b, sx)]);
  const ones = b.op('ConstantOfShape', [rankDiff], [attr.tensor('value', oneInt64)]);
  const padded = b.op('Concat', [ones, sx], [attr.int('axis', 0)]);
  const differs = b.op('Not', [b.op('Equal', [padded, sg])]);
  const axes = b.op('Reshape', [b.op('NonZero', [differs]), b.int64([-1])]);
  const summed = b.op(
    'ReduceSum',
    [g, axes],
    [attr.int('keepdims', 1), attr.int('noop_with_empty_axes', 1)],
  );
  return b.op('Reshape', [summed, sx]);
}

const oneInt64 = {
  dataType: 7,
  dims: [1],
  rawData: new Uint8Array(BigInt64Array.from([1n]).buffer),
};

/** ReduceSum or ReduceMean over fixed axes, in the form the opset wants (axes as input from 13 / 18). */
export function reduceStatic(
  b: GraphBuilder,
  op: 'ReduceSum' | 'ReduceMean',
  t: string,
  axes: readonly number[],
  keepdims = 1,
): string {
  const asInput = op === 'ReduceSum' ? b.opset >= 13 : b.opset >= 18;
  return asInput
    ? b.op(op, [t, b.int64(axes)], [attr.int('keepdims', keepdims)])
    : b.op(op, [t], [attr.ints('axes', axes), attr.int('keepdims', keepdims)]);
}

/** A float tensor from a boolean mask. */
export function maskToFloat(b: GraphBuilder, mask: string): string {
  return b.op('Cast', [mask], [attr.int('to', b.floatType)]);
}

/**
 * Int64 positions `0 .. numel-1` shaped like `x`: run an index-moving op (Slice, Gather,
 * Pad, ...) on them to learn where each output element came from.
 */
export function positionsLike(b: GraphBuilder, x: string): string {
  const n = b.op('Size', [x]);
  const range = b.op('Range', [b.int64(0, []), n, b.int64(1, [])]);
  return b.op('Reshape', [range, shapeOf(b, x)]);
}

/**
 * Scatters `dy` back to a tensor shaped like `x`, given for each element of `dy` the flat
 * position in `x` it came from (or a negative number where it came from none, e.g.
 * padding). Positions must be unique, or the opset must allow ScatterElements to add
 * (16+): then duplicates are summed.
 */
export function scatterBack(b: GraphBuilder, x: string, dy: string, positions: string): string {
  const n = b.op('Reshape', [b.op('Size', [x]), b.int64([1])]);
  const sinkSize = b.op('Add', [n, b.int64([1])]);
  const zeros = b.op('ConstantOfShape', [sinkSize], [b.floatValueAttr(0)]);
  const p = flat(b, positions);
  const target = b.op('Where', [
    b.op('Less', [p, b.int64(0, [])]),
    b.op('Reshape', [n, b.int64([])]),
    p,
  ]);
  const reduction = b.opset >= 16 ? [attr.string('reduction', 'add')] : [];
  const scattered = b.op('ScatterElements', [zeros, target, flat(b, dy)], reduction);
  const kept = b.op('Slice', [scattered, b.int64([0]), n]);
  return reshapeLike(b, kept, x);
}

/** True when the probe saw `a` and `b` with the same shape. */
export function sameShape(
  shapes: ReadonlyMap<string, readonly number[]> | undefined,
  a: string,
  b: string,
): boolean {
  const sa = shapes?.get(a);
  const sb = shapes?.get(b);
  return !!sa && !!sb && sa.length === sb.length && sa.every((d, i) => d === sb[i]);
}
