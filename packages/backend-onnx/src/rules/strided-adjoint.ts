import { attr, attrInt, attrInts } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MIN } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { dilatedAdjoint } from './dilated-adjoint.js';
import { graphFlag, legacyGraphs } from './legacy-graphs.js';
import {
  cropToInput,
  paddedToPhases,
  phaseConvAttributes,
  phaseGeometry,
} from './phase-geometry.js';
import { phaseSplitAdjoint } from './phase-split-adjoint.js';

/**
 * The three forms of a strided Conv's adjoint: ConvTranspose (plain layout in ONNX Runtime,
 * col2im), the polyphase Conv (`polyphaseAdjoint`), for depthwise Convs the polyphase form
 * as one depthwise Conv per phase (`phaseSplitAdjoint`, phase-split-adjoint.ts) and the
 * stride-1 Conv over the dilated cotangent (`dilatedAdjoint`, dilated-adjoint.ts).
 */
export type StridedForm = 'transpose' | 'polyphase' | 'split' | 'dilated';

/** What the choice between the forms reads: the node's attributes and weight dims. */
export interface StridedShape {
  /** Input channels of the Conv (all groups). */
  readonly channels: number;
  /** Output channels. */
  readonly outputs: number;
  readonly group: number;
  readonly kernel: readonly number[];
  readonly stride: number;
}

/**
 * The default form: a static rule, so that the same model always gets the same graph (a
 * choice timed at load would flip with the machine's load). ConvTranspose for every shape,
 * from the single-op table of docs/benchmarks/strided-shapes.md
 * (`bench/gradients/strided-shapes.mjs`: the strided Convs of ResNet-50, MobileNet V2 and
 * ViT-B/16, and a grid of 16-512 channels, kernels 1/3/7, sizes 7-112, dense and
 * depthwise): the other forms were slower in the median of their per-round ratios to
 * ConvTranspose in all but a few cells of few rounds, and the one consistent exception (7x7
 * kernels with 16 input channels, where polyphase does only 64/49 of the MACs) is in no
 * benchmark model, so no whole-graph check backs it. On ResNet-50 at batch 8 the whole VJP
 * graph with ConvTranspose beat the previous rule (polyphase for ungrouped Convs with 16 or
 * more input channels) in every round. The other forms stay opt-in (`XAI_GRAPH`, below).
 */
export function chooseStridedForm(_shape: StridedShape): StridedForm {
  return 'transpose';
}

/** The previous rule (`XAI_GRAPH=strided-previous`): polyphase from this many input channels. */
export const minChannels = 16;

/**
 * The adjoint of a strided Conv in the form `chooseStridedForm` picks, or the one
 * `XAI_GRAPH` forces where it applies (`strided-transpose`, `strided-polyphase`,
 * `strided-split`, `strided-dilated`; `strided-previous`: the rule before
 * docs/benchmarks/strided-shapes.md; `legacy-strided`: ConvTranspose). Undefined for
 * ConvTranspose (conv.ts builds it).
 */
export function stridedAdjoint(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): string | undefined {
  if (legacyGraphs('strided') || graphFlag('strided-transpose')) return;
  if (graphFlag('strided-dilated')) return dilatedAdjoint(node, dy, rank, strides, b, initializers);
  const polyphase = () => polyphaseAdjoint(node, dy, rank, strides, b, initializers);
  if (graphFlag('strided-polyphase')) return polyphase();
  const split = () => phaseSplitAdjoint(node, dy, rank, strides, b, initializers);
  if (graphFlag('strided-split')) return split();
  const dims = initializers?.get(node.input![1]!);
  const kernel = attrInts(node, 'kernel_shape') ?? dims?.slice(2);
  const s = strides[0]!;
  if (!dims || !kernel || dims.length !== 4 || strides.some((t) => t !== s) || s < 2) return;
  const group = attrInt(node, 'group', 1);
  const shape = { channels: dims[1]! * group, outputs: dims[0]!, group, kernel, stride: s };
  if (graphFlag('strided-previous'))
    return group === 1 && shape.channels >= minChannels ? polyphase() : undefined;
  const form = chooseStridedForm(shape);
  if (form === 'polyphase') return polyphase();
  if (form === 'split') return split();
  if (form === 'dilated') return dilatedAdjoint(node, dy, rank, strides, b, initializers);
  return;
}

/**
 * The adjoint of a 2-D Conv with equal strides `s > 1` as a stride-1 Conv and a
 * DepthToSpace (polyphase): input position `i = s q + r - p` only meets the weights
 * `W[s m + r]`, so the `s²` phases are `s²` stride-1 convolutions of dY with those
 * sub-kernels (flipped), computed as one Conv with `s²` times the channels (per group),
 * then interleaved by DepthToSpace and cropped by the leading pads. ONNX Runtime runs it in
 * its blocked NCHWc kernels where the channels suit them, where ConvTranspose runs in plain
 * layout (col2im) with a reorder on each side (docs/benchmarks/gradient-profile.md).
 * Undefined where it does not apply (opset < 11, dilations, unequal strides, SAME padding,
 * a kernel smaller than the stride, whose phases would be all zeros, weights that are not
 * initializers).
 */
export function polyphaseAdjoint(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): string | undefined {
  const dims = initializers?.get(node.input![1]!);
  const g = phaseGeometry(node, rank, strides, b.opset);
  if (!g || dims?.length !== 4) return;
  const { s, taps } = g;
  const group = attrInt(node, 'group', 1);
  const [outputs, perGroupIn] = [dims[0]!, dims[1]!];
  const w = node.input![1]!;
  // [M, C/g, kh, kw] -> zero-padded to [.., s th, s tw] -> [g, M/g, C/g, th, s, tw, s]
  // -> the phases as output channels, flipped. One group: [s, s, C, M, th, tw]
  // (DepthToSpace's DCR order); groups: [g, C/g, s, s, M/g, th, tw] (CRD order, each
  // group's outputs together as a grouped Conv makes them).
  const padded = paddedToPhases(b, w, g);
  const split = b.op('Reshape', [
    padded,
    b.int64([group, outputs / group, perGroupIn, taps[0]!, s, taps[1]!, s]),
  ]);
  const perm = group === 1 ? [4, 6, 0, 2, 1, 3, 5] : [0, 2, 4, 6, 1, 3, 5];
  const phases = b.op('Transpose', [split], [attr.ints('perm', perm)]);
  const stacked = b.op('Reshape', [phases, b.int64([-1, outputs / group, ...taps])]);
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
    [...phaseConvAttributes(g), ...(group === 1 ? [] : [attr.int('group', group)])],
  );
  const full = b.op(
    'DepthToSpace',
    [conv],
    [attr.int('blocksize', s), ...(group === 1 ? [] : [attr.string('mode', 'CRD')])],
  );
  return cropToInput(b, full, node, g);
}
