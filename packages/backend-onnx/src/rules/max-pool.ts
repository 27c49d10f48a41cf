import { attr, attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MAX } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { flat, maskToFloat, reshapeLike, sumAll } from './common.js';
import { spatialRank } from './conv.js';
import { legacyGraphs } from './legacy-graphs.js';
import type { OpRule } from './rule.js';
import { autoPadProblem } from './window-pads.js';

/**
 * MaxPool, through the indices of the maxima: the forward pass is re-run with MaxPool's
 * second output `Indices` (flat positions in X). JVP: gather the tangent at the indices.
 * VJP: scatter the cotangent back to the indices. Windows overlap when the stride is
 * smaller than the (dilated) kernel, and ScatterElements (opset 11-15) cannot add
 * duplicates, so the outputs are split by `position mod m` per axis, with
 * `m = ceil(dilated kernel / stride)`: outputs within one class have disjoint windows,
 * hence distinct indices; each class is scattered into zeros and the classes summed.
 * Ties: the gradient goes wholly to the element ONNX Runtime reports as the maximum (the
 * first in the window in scan order), as in PyTorch. Square windows that tile the input
 * (stride = kernel, no pads: the 2x2 pools of most CNNs) take the VJP of `tiledVjp`
 * instead, with the same values and no indices.
 */
export const maxPoolRule: OpRule = {
  differentiableOutputs: () => [0],
  check(node) {
    if (attrInt(node, 'storage_order', 0) !== 0) return 'storage_order=1 is not supported';
    if (attrInts(node, 'kernel_shape') === undefined) return 'it has no kernel_shape';
    return autoPadProblem(node);
  },
  vjp(node, [dy], { b, shapes }) {
    const x = node.input![0]!;
    const tiles = b.opset >= 11 ? tiling(node, shapes?.get(x)) : undefined;
    if (tiles && !legacyGraphs('maxpool')) return [tiledVjp(b, x, node.output![0]!, dy!, tiles)];
    const indices = withIndices(node, b);
    const rank = spatialRank(node)!;
    const kernel = attrInts(node, 'kernel_shape')!;
    const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
    const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
    const period = kernel.map((k, i) => Math.ceil(((k - 1) * dilations[i]! + 1) / strides[i]!));
    const zeros = b.op(
      'ConstantOfShape',
      [b.op('Reshape', [b.op('Size', [x]), b.int64([1])])],
      [b.floatValueAttr(0)],
    );
    const parts: string[] = [];
    const axes = b.int64(Array.from({ length: rank }, (_, i) => i + 2));
    const ends = b.int64(new Array(rank).fill(INT64_MAX));
    const steps = b.int64(period);
    for (const offset of offsets(period)) {
      let dySub = dy!;
      let idxSub = indices;
      if (period.some((p) => p > 1)) {
        const starts = b.int64(offset);
        dySub = b.op('Slice', [dy!, starts, ends, axes, steps]);
        idxSub = b.op('Slice', [indices, starts, ends, axes, steps]);
      }
      parts.push(b.op('ScatterElements', [zeros, flat(b, idxSub), flat(b, dySub)]));
    }
    return [reshapeLike(b, sumAll(b, parts)!, x)];
  },
  jvp(node, [dx], { b }) {
    const indices = withIndices(node, b);
    const gathered = b.op('Gather', [flat(b, dx!), flat(b, indices)]);
    return [reshapeLike(b, gathered, indices)];
  },
};

/** A 2-D MaxPool whose square windows tile its input exactly: its input `[C, H, W]`, the window's side. */
interface Tiling {
  readonly channels: number;
  readonly rows: number;
  readonly cols: number;
  readonly side: number;
}

/**
 * The tiling when the windows are square and the stride (no overlap), without pads or
 * dilation, and cover the input exactly (its probed height and width are multiples of the
 * window). DepthToSpace's CRD mode needs opset 11, which the caller checks.
 */
function tiling(node: NodeProto, shape: readonly number[] | undefined): Tiling | undefined {
  const kernel = attrInts(node, 'kernel_shape');
  if (shape?.length !== 4 || kernel?.length !== 2) return undefined;
  const [kh, kw] = kernel as [number, number];
  const strides = attrInts(node, 'strides') ?? [1, 1];
  const dilations = attrInts(node, 'dilations') ?? [1, 1];
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const [, channels, rows, cols] = shape as [number, number, number, number];
  const fits =
    kh === kw &&
    strides[0] === kh &&
    strides[1] === kw &&
    dilations.every((d) => d === 1) &&
    pads.every((p) => p === 0) &&
    rows % kh === 0 &&
    cols % kw === 0;
  return fits ? { channels, rows, cols, side: kh } : undefined;
}

/**
 * The VJP of a tiling MaxPool without its indices. Each window offset (i, j) in scan order
 * is a strided Slice of the input, the shape of the output `y`; the cotangent goes to the
 * first offset whose value equals `y` (ties: the first in scan order, as ONNX Runtime's
 * indices and PyTorch), what is left to the next, the last offset taking the rest (some
 * element of a window is its maximum); DepthToSpace lays the offsets back. Every op is
 * elementwise on same-shape tensors: ONNX Runtime's MaxPool with indices ran about 13x
 * slower than without, and with its ScatterElements took half the fixture CNN's VJP; this
 * form made that VJP 1.1-1.5x faster (docs/benchmarks/gradient-profile.md, sixth round).
 */
function tiledVjp(b: GraphBuilder, x: string, y: string, dy: string, t: Tiling): string {
  const { channels: C, rows: H, cols: W, side: kh } = t;
  const [Ho, Wo, k] = [H / kh, W / kh, kh * kh];
  const axes = b.int64([2, 3]);
  const ends = b.int64([INT64_MAX, INT64_MAX]);
  const steps = b.int64([kh, kh]);
  const parts: string[] = [];
  let rest = dy;
  for (let o = 0; o < k; o++) {
    if (o === k - 1) {
      parts.push(rest);
      break;
    }
    const at = b.op('Slice', [x, b.int64([Math.floor(o / kh), o % kh]), ends, axes, steps]);
    const part = b.op('Mul', [rest, maskToFloat(b, b.op('Equal', [at, y]))]);
    parts.push(part);
    rest = b.op('Sub', [rest, part]);
  }
  const stacked = b.op(
    'Concat',
    parts.map((p) => b.op('Reshape', [p, b.int64([-1, C, 1, Ho, Wo])])),
    [attr.int('axis', 2)],
  );
  return b.op(
    'DepthToSpace',
    [b.op('Reshape', [stacked, b.int64([-1, C * k, Ho, Wo])])],
    [attr.int('blocksize', kh), attr.string('mode', 'CRD')],
  );
}

function withIndices(node: NodeProto, b: GraphBuilder) {
  return b.ops('MaxPool', [node.input![0]!], copyAttrs(node), 2)[1]!;
}

/** Every offset vector with `0 <= offset[i] < period[i]`. */
function offsets(period: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const p of period) {
    const next: number[][] = [];
    for (const o of out) for (let i = 0; i < p; i++) next.push([...o, i]);
    out = next;
  }
  return out;
}
