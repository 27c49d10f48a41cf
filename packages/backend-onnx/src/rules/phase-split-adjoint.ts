import { attr, attrInt } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MIN } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import {
  cropToInput,
  paddedToPhases,
  phaseConvAttributes,
  phaseGeometry,
} from './phase-geometry.js';

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
  const g = phaseGeometry(node, rank, strides, b.opset);
  if (!g) return;
  const { s, taps } = g;
  const dims = initializers?.get(node.input![1]!);
  const channels = dims?.[0];
  if (dims?.length !== 4 || dims[1] !== 1 || attrInt(node, 'group', 1) !== channels) return;
  // [C, 1, kh, kw] -> zero-padded [C, 1, s th, s tw] -> [C, th, s, tw, s] -> [s, s, C, th, tw]
  const padded = paddedToPhases(b, node.input![1]!, g);
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
      convs.push(b.op('Conv', [dy, w], [...phaseConvAttributes(g), attr.int('group', channels)]));
    }
  const full = b.op(
    'DepthToSpace',
    [b.op('Concat', convs, [attr.int('axis', 1)])],
    [attr.int('blocksize', s)],
  );
  return cropToInput(b, full, node, g);
}
