import { attr, attrInts } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { AttributeProto, NodeProto } from '../onnx-proto.js';
import { shapeOf, shapeTail } from './common.js';
import { autoPadOf } from './window-pads.js';

/**
 * How a 2-D Conv with equal strides `s > 1` splits into `s²` stride-1 phases (the polyphase
 * forms, strided-adjoint.ts and phase-split-adjoint.ts): `taps` per phase and `extra` rows
 * at the end so the phases reach the input's last row, from the explicit `pads`.
 */
export interface PhaseGeometry {
  readonly s: number;
  readonly kernel: readonly number[];
  readonly pads: readonly number[];
  readonly taps: readonly number[];
  readonly extra: readonly number[];
}

/**
 * The phases of `node`, or undefined where the polyphase forms do not apply: opset < 11,
 * not 2-D, unequal strides or a stride of 1, SAME padding, dilations, a kernel smaller than
 * the stride (whose phases would be all zeros).
 */
export function phaseGeometry(
  node: NodeProto,
  rank: number,
  strides: readonly number[],
  opset: number,
): PhaseGeometry | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  const s = strides[0]!;
  if (opset < 11 || rank !== 2 || !kernel || s < 2 || strides[1] !== s) return;
  if (autoPadOf(node) !== 'NOTSET' || kernel.some((k) => k < s)) return;
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) return;
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const taps = kernel.map((k) => Math.ceil(k / s));
  const extra = kernel.map((k, i) =>
    Math.max(0, Math.ceil((k + s - 2 - pads[i + 2]!) / s - taps[i]! + 1)),
  );
  return { s, kernel, pads, taps, extra };
}

/** The weights `w` zero-padded at the end of each spatial axis to `s` times the taps. */
export function paddedToPhases(b: GraphBuilder, w: string, g: PhaseGeometry): string {
  const { s, taps, kernel } = g;
  return b.op('Pad', [
    w,
    b.int64([0, 0, 0, 0, 0, 0, s * taps[0]! - kernel[0]!, s * taps[1]! - kernel[1]!]),
  ]);
}

/** A phase Conv's kernel and pads: full correlation of the cotangent, plus the extra rows. */
export function phaseConvAttributes(g: PhaseGeometry): AttributeProto[] {
  const { taps, extra } = g;
  return [
    attr.ints('kernel_shape', taps),
    attr.ints('pads', [
      taps[0]! - 1,
      taps[1]! - 1,
      taps[0]! - 1 + extra[0]!,
      taps[1]! - 1 + extra[1]!,
    ]),
  ];
}

/** The interleaved phases `full` cropped by the leading pads to the Conv input's size. */
export function cropToInput(b: GraphBuilder, full: string, node: NodeProto, g: PhaseGeometry) {
  const starts = [g.pads[0]!, g.pads[1]!];
  const ends = b.op('Add', [shapeTail(b, shapeOf(b, node.input![0]!), 2), b.int64(starts)]);
  return b.op('Slice', [full, b.int64(starts), ends, b.int64([2, 3])]);
}
