import { attr, attrInt, attrInts } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MIN } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { shapeOf, shapeTail } from './common.js';
import { legacyGraphs } from './legacy-graphs.js';
import { autoPadOf } from './window-pads.js';

/**
 * The adjoint of a 2-D Conv with equal strides `s > 1` as a stride-1 Conv and a
 * DepthToSpace (polyphase): input position `i = s q + r - p` only meets the weights
 * `W[s m + r]`, so the `s²` phases are `s²` stride-1 convolutions of dY with those
 * sub-kernels (flipped), computed as one Conv with `s²` times the channels, then
 * interleaved by DepthToSpace and cropped by the leading pads. ONNX Runtime runs it in
 * its blocked NCHWc kernels, where ConvTranspose runs in plain layout (col2im) with a
 * reorder on each side (docs/benchmarks/gradient-profile.md). Undefined where it does
 * not apply (opset < 11, groups, dilations, unequal strides, SAME padding, a kernel smaller than
 * the stride, whose phases would be all zeros) or does not pay: a Conv with fewer than
 * `minChannels` input channels (an RGB stem: its `s² C` phase channels are too few for the
 * blocked kernels; measured slower, docs/benchmarks/gradient-profile.md) or with weights
 * that are not initializers. ConvTranspose then.
 */
/** Fewer input channels than this keep ConvTranspose (see polyphaseAdjoint). */
export const minChannels = 16;

export function polyphaseAdjoint(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): string | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  const s = strides[0]!;
  if (legacyGraphs('strided') || b.opset < 11 || rank !== 2 || !kernel || s < 2 || strides[1] !== s)
    return;
  if (autoPadOf(node) !== 'NOTSET' || attrInt(node, 'group', 1) !== 1) return;
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) return;
  if (kernel.some((k) => k < s)) return;
  const channels = initializers?.get(node.input![1]!)?.[1];
  if (channels === undefined || channels < minChannels) return;
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  // Taps per phase, and the extra rows at the end so the phases reach the input's last row.
  const taps = kernel.map((k) => Math.ceil(k / s));
  const extra = kernel.map((k, i) =>
    Math.max(0, Math.ceil((k + s - 2 - pads[i + 2]!) / s - taps[i]! + 1)),
  );
  const w = node.input![1]!;
  // [M, C, kh, kw] -> zero-padded to [M, C, s th, s tw] -> [M, C, th, s, tw, s]
  // -> [s, s, C, M, th, tw] (DepthToSpace's DCR channel order) -> [s² C, M, th, tw], flipped.
  const padded = b.op('Pad', [
    w,
    b.int64([0, 0, 0, 0, 0, 0, s * taps[0]! - kernel[0]!, s * taps[1]! - kernel[1]!]),
  ]);
  const split = b.op('Reshape', [padded, b.int64([0, 0, taps[0]!, s, taps[1]!, s])]);
  const phases = b.op('Transpose', [split], [attr.ints('perm', [3, 5, 1, 0, 2, 4])]);
  const outIn = b.op('Slice', [shapeOf(b, w), b.int64([0]), b.int64([1])]);
  const stacked = b.op('Reshape', [
    phases,
    b.op('Concat', [b.int64([-1]), outIn, b.int64(taps)], [attr.int('axis', 0)]),
  ]);
  const flipped = b.op('Slice', [
    stacked,
    b.int64([-1, -1]),
    b.int64([INT64_MIN, INT64_MIN]),
    b.int64([2, 3]),
    b.int64([-1, -1]),
  ]);
  const conv = b.op(
    'Conv',
    [dy, flipped],
    [
      attr.ints('kernel_shape', taps),
      attr.ints('pads', [
        taps[0]! - 1,
        taps[1]! - 1,
        taps[0]! - 1 + extra[0]!,
        taps[1]! - 1 + extra[1]!,
      ]),
    ],
  );
  const full = b.op('DepthToSpace', [conv], [attr.int('blocksize', s)]);
  const starts = [pads[0]!, pads[1]!];
  const ends = b.op('Add', [shapeTail(b, shapeOf(b, node.input![0]!), 2), b.int64(starts)]);
  return b.op('Slice', [full, b.int64(starts), ends, b.int64([2, 3])]);
}
