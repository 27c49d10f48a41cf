import { attr, attrInt, attrInts } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { adjointWeights } from './adjoint-weights.js';
import { shapeOf, shapeTail } from './common.js';
import { autoPadOf } from './window-pads.js';

/**
 * The adjoint of a strided 2-D Conv as a stride-1 Conv over the cotangent dilated with
 * zeros: dY `[N, M, Ho, Wo]` becomes `[N, M, s Ho, s Wo]` with `dY` at the multiples of
 * `s` (a Reshape to `[N, M, Ho, 1, Wo, 1]`, a Pad to `[.., s, .., s]` and a Reshape), then
 * the stride-1 adjoint (weights flipped, channels swapped per group, leading pads
 * `(k - 1) d - p`) and a crop to X's size. It does `s²` times ConvTranspose's MACs, on
 * zeros, but as an ordinary (depthwise where the Conv is) Conv that ONNX Runtime runs in its
 * blocked kernels. Groups and dilations are kept. Undefined where it does not apply (opset
 * < 11, not 2-D, SAME padding, no kernel_shape nor weight initializer, a pad wider than the
 * kernel's reach).
 */
export function dilatedAdjoint(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): string | undefined {
  const kernel = attrInts(node, 'kernel_shape') ?? initializers?.get(node.input![1]!)?.slice(2);
  if (b.opset < 11 || rank !== 2 || !kernel || autoPadOf(node) !== 'NOTSET') return;
  const dilations = attrInts(node, 'dilations') ?? [1, 1];
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const reach = kernel.map((k, i) => (k - 1) * dilations[i]!);
  const lead = reach.map((r, i) => r - pads[i]!);
  if (lead.some((p) => p < 0)) return;
  // Enough trailing rows to reach X's last row whatever rows the strided windows skipped;
  // the crop below drops the surplus.
  const trail = reach.map((r, i) => Math.max(0, r - pads[i + 2]!));
  const six = b.op('Reshape', [dy, b.int64([0, 0, 0, 1, -1, 1])]);
  const zeros = b.op('Pad', [
    six,
    b.int64([0, 0, 0, 0, 0, 0, 0, 0, 0, strides[0]! - 1, 0, strides[1]! - 1]),
  ]);
  const size = b.op('Mul', [shapeTail(b, shapeOf(b, dy), 2), b.int64(strides)]);
  const dilated = b.op('Reshape', [
    zeros,
    b.op('Concat', [b.int64([0, 0]), size], [attr.int('axis', 0)]),
  ]);
  const group = attrInt(node, 'group', 1);
  const conv = b.op(
    'Conv',
    [dilated, adjointWeights(b, node.input![1]!, group, rank)],
    [
      attr.ints('kernel_shape', kernel),
      attr.ints('dilations', dilations),
      attr.ints('pads', [...lead, ...trail]),
      attr.int('group', group),
    ],
  );
  const ends = shapeTail(b, shapeOf(b, node.input![0]!), 2);
  return b.op('Slice', [conv, b.int64([0, 0]), ends, b.int64([2, 3])]);
}
