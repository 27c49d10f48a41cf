import { attr, attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { adjointWeights } from './adjoint-weights.js';
import { shapeOf, shapeTail } from './common.js';
import { legacyGraphs } from './legacy-graphs.js';
import type { OpRule } from './rule.js';
import { stridedAdjoint } from './strided-adjoint.js';
import { autoPadOf, autoPadProblem, leadingPads, sliceToInput } from './window-pads.js';

/** The number of spatial dims of a Conv or pool node, from its attributes. */
export function spatialRank(node: NodeProto): number | undefined {
  const k = attrInts(node, 'kernel_shape');
  if (k) return k.length;
  for (const name of ['strides', 'dilations']) {
    const v = attrInts(node, name);
    if (v) return v.length;
  }
  const pads = attrInts(node, 'pads');
  return pads ? pads.length / 2 : undefined;
}

/**
 * Conv `Y = W * X + B`. VJP: `dX = ConvTranspose(dY, W)` with the same strides, pads,
 * dilations and groups (ConvTranspose is Conv's adjoint for the same weight tensor);
 * `output_padding = stride - 1` makes the result at least as large as X, and a Slice to
 * X's run-time spatial shape drops the rows no window reached. With auto_pad SAME the
 * padding is only known at run time: the ConvTranspose runs unpadded and the Slice starts
 * at the leading padding. JVP: `Conv(dX, W)`, no bias.
 */
export const convRule: OpRule = {
  differentiable: () => [0],
  check(node) {
    if (spatialRank(node) === undefined)
      return 'it sets none of kernel_shape, strides, dilations, pads';
    return autoPadProblem(node);
  },
  vjp(node, [dy], { b, initializers, shapes }) {
    const rank = spatialRank(node)!;
    const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
    const adjoint = narrowInput(node, initializers)
      ? undefined
      : adjointConv(node, dy!, rank, strides, b);
    if (adjoint) return [adjoint];
    const strided = stridedAdjoint(node, dy!, rank, strides, b, initializers);
    if (strided) return [strided];
    const outputPadding = strides.map((s) => s - 1);
    if (autoPadOf(node).startsWith('SAME')) {
      const x = node.input![0]!;
      const kernel = shapeTail(b, shapeOf(b, node.input![1]!), 2);
      const ct = b.op(
        'ConvTranspose',
        [dy!, node.input![1]!],
        [
          ...copyAttrs(node, 'auto_pad', 'pads', 'kernel_shape'),
          attr.ints('output_padding', outputPadding),
        ],
      );
      return [sliceToInput(b, ct, x, rank, leadingPads(b, node, x, rank, kernel))];
    }
    const attrs = copyAttrs(node, 'auto_pad').filter((a) => a.name !== 'kernel_shape');
    const exact = exactOutputPadding(node, rank, strides, shapes, initializers);
    const padding = exact ?? outputPadding;
    const ct = b.op(
      'ConvTranspose',
      [dy!, node.input![1]!],
      [...attrs, ...(padding.some((p) => p > 0) ? [attr.ints('output_padding', padding)] : [])],
    );
    if (exact || !outputPadding.some((p) => p > 0)) return [ct];
    const axes = Array.from({ length: rank }, (_, i) => i + 2);
    const ends = shapeTail(b, shapeOf(b, node.input![0]!), 2);
    return [b.op('Slice', [ct, b.int64(new Array<number>(rank).fill(0)), ends, b.int64(axes)])];
  },
  jvp(node, [dx], { b }) {
    return [b.op('Conv', [dx!, node.input![1]!], copyAttrs(node))];
  },
};

/**
 * The `output_padding` that makes the adjoint ConvTranspose's output exactly X's spatial size,
 * from the probed shapes of X and Y (spatial sizes do not change with the batch), so that no
 * Slice copies the result down to X (ResNet-50's seven strided adjoints: 1.3 ms of a 55 ms VJP
 * at batch 1). Undefined where a shape is unknown, or where the padding needed is not one ONNX
 * allows (each below its stride or dilation): the Slice form then.
 */
function exactOutputPadding(
  node: NodeProto,
  rank: number,
  strides: readonly number[],
  shapes: ReadonlyMap<string, readonly number[]> | undefined,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): number[] | undefined {
  const x = shapes?.get(node.input![0]!);
  const y = shapes?.get(node.output![0]!);
  const kernel = attrInts(node, 'kernel_shape') ?? initializers?.get(node.input![1]!)?.slice(2);
  if (x?.length !== rank + 2 || y?.length !== rank + 2 || kernel?.length !== rank) return;
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const pads =
    (autoPadOf(node) === 'NOTSET' ? attrInts(node, 'pads') : undefined) ??
    new Array<number>(2 * rank).fill(0);
  const padding: number[] = [];
  for (let i = 0; i < rank; i++) {
    const [s, d] = [strides[i]!, dilations[i]!];
    const reached = (y[i + 2]! - 1) * s + d * (kernel[i]! - 1) + 1 - pads[i]! - pads[i + rank]!;
    const p = x[i + 2]! - reached;
    if (!(p >= 0 && p < Math.max(s, d))) return;
    padding.push(p);
  }
  return padding;
}

/**
 * Whether the Conv reads at most `narrowChannels` input channels (a first layer: grey or
 * RGB images), by its weights' shape. Its adjoint then writes that few channels, and as a
 * Conv ONNX Runtime's blocked layout pads them to a whole block (8 or 16 channels): the
 * fixture CNN's first adjoint took 11x its forward Conv. ConvTranspose runs it unblocked.
 */
function narrowInput(
  node: NodeProto,
  initializers: ReadonlyMap<string, readonly number[]> | undefined,
): boolean {
  if (legacyGraphs('narrow')) return false;
  const w = initializers?.get(node.input![1]!);
  return w !== undefined && w.length >= 3 && w[1]! * attrInt(node, 'group', 1) <= narrowChannels;
}

/** Input channels up to which a Conv's adjoint runs as ConvTranspose (`narrowInput`). */
const narrowChannels = 4;

/**
 * With stride 1 the adjoint of a Conv is itself a Conv: of dY with the weights flipped in
 * space and with input and output channels swapped (per group), padded by
 * `(k - 1) d - p`. ONNX Runtime runs Conv far faster than ConvTranspose (blocked layouts,
 * fusions), and the weight transform depends only on initializers, so the session folds it
 * once at load. Undefined where it does not apply (strides, SAME padding, no static
 * kernel shape, padding wider than the kernel): ConvTranspose then.
 */
function adjointConv(
  node: NodeProto,
  dy: string,
  rank: number,
  strides: readonly number[],
  b: GraphBuilder,
): string | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  if (!kernel || strides.some((s) => s !== 1) || autoPadOf(node).startsWith('SAME')) return;
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const pads =
    (autoPadOf(node) === 'NOTSET' ? attrInts(node, 'pads') : undefined) ??
    new Array<number>(2 * rank).fill(0);
  const adjointPads = pads.map((p, i) => (kernel[i % rank]! - 1) * dilations[i % rank]! - p);
  if (adjointPads.some((p) => p < 0)) return;
  const group = attrInt(node, 'group', 1);
  const adjointW = adjointWeights(b, node.input![1]!, group, rank);
  return b.op(
    'Conv',
    [dy, adjointW],
    [
      attr.ints('kernel_shape', kernel),
      attr.ints('dilations', dilations),
      attr.ints('pads', adjointPads),
      attr.int('group', group),
    ],
  );
}
