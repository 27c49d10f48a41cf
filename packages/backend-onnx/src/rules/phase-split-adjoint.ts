import { attr, attrInt, attrInts } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MIN } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { shapeOf, shapeTail } from './common.js';
import { autoPadOf } from './window-pads.js';

/**
 * The polyphase adjoint of a strided depthwise Conv (group = input = output channels) with
 * one depthwise Conv per phase: the `s²` sub-kernels `W[s m + r]` (flipped) each make a
 * `[C, 1, t, t]` depthwise Conv of dY, the phases are concatenated in DepthToSpace's DCR
 * order and interleaved, then cropped by the leading pads. Each phase is an ordinary
 * depthwise Conv, which ONNX Runtime runs in its blocked kernels, where the single grouped
 * Conv of `polyphaseAdjoint` (`s²` outputs per group) is not. Undefined where it does not
 * apply (not depthwise, opset < 11, dilations, unequal strides, SAME padding, a kernel
 * smaller than the stride, weights that are not initializers).
 */
export function phaseSplitAdjoint(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): string | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  const s = strides[0]!;
  if (b.opset < 11 || rank !== 2 || !kernel || s < 2 || strides[1] !== s) return;
  if (autoPadOf(node) !== 'NOTSET' || kernel.some((k) => k < s)) return;
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) return;
  const dims = initializers?.get(node.input![1]!);
  const channels = dims?.[0];
  if (dims?.length !== 4 || dims[1] !== 1 || attrInt(node, 'group', 1) !== channels) return;
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const taps = kernel.map((k) => Math.ceil(k / s));
  const extra = kernel.map((k, i) =>
    Math.max(0, Math.ceil((k + s - 2 - pads[i + 2]!) / s - taps[i]! + 1)),
  );
  // [C, 1, kh, kw] -> zero-padded [C, 1, s th, s tw] -> [C, th, s, tw, s] -> [s, s, C, th, tw]
  const padded = b.op('Pad', [
    node.input![1]!,
    b.int64([0, 0, 0, 0, 0, 0, s * taps[0]! - kernel[0]!, s * taps[1]! - kernel[1]!]),
  ]);
  const split = b.op('Reshape', [padded, b.int64([channels, taps[0]!, s, taps[1]!, s])]);
  const phases = b.op('Transpose', [split], [attr.ints('perm', [2, 4, 0, 1, 3])]);
  const flipped = b.op('Slice', [
    phases,
    b.int64([-1, -1]),
    b.int64([INT64_MIN, INT64_MIN]),
    b.int64([3, 4]),
    b.int64([-1, -1]),
  ]);
  const convs: string[] = [];
  for (let r = 0; r < s; r++)
    for (let c = 0; c < s; c++) {
      const w = b.op('Reshape', [
        b.op('Slice', [flipped, b.int64([r, c]), b.int64([r + 1, c + 1]), b.int64([0, 1])]),
        b.int64([channels, 1, ...taps]),
      ]);
      convs.push(
        b.op(
          'Conv',
          [dy, w],
          [
            attr.ints('kernel_shape', taps),
            attr.ints('pads', [
              taps[0]! - 1,
              taps[1]! - 1,
              taps[0]! - 1 + extra[0]!,
              taps[1]! - 1 + extra[1]!,
            ]),
            attr.int('group', channels),
          ],
        ),
      );
    }
  const full = b.op(
    'DepthToSpace',
    [b.op('Concat', convs, [attr.int('axis', 1)])],
    [attr.int('blocksize', s)],
  );
  const starts = [pads[0]!, pads[1]!];
  const ends = b.op('Add', [shapeTail(b, shapeOf(b, node.input![0]!), 2), b.int64(starts)]);
  return b.op('Slice', [full, b.int64(starts), ends, b.int64([2, 3])]);
}
