import { attr, attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MAX } from '../graph/builder.js';
import { FLOAT } from '../graph/graph.js';
import type { NodeProto } from '../onnx-proto.js';
import { onnx } from '../onnx-proto.js';
import { flat, reshapeLike, sumAll } from './common.js';
import { spatialRank } from './conv.js';
import { legacyGraphs } from './legacy-graphs.js';
import { wherePositive } from './relu.js';
import type { OpRule } from './rule.js';
import { autoPadProblem } from './window-pads.js';

/**
 * MaxPool, through the indices of the maxima: the forward pass is re-run with MaxPool's
 * second output `Indices` (flat positions in X). JVP: gather the tangent at the indices.
 * VJP: scatter the cotangent back to the indices. Windows overlap when the stride is
 * smaller than the (dilated) kernel: from opset 16 one ScatterElements adds the duplicates
 * (reduction 'add'); before, it cannot, so the outputs are split by `position mod m` per
 * axis, with `m = ceil(dilated kernel / stride)`: outputs within one class have disjoint windows,
 * hence distinct indices; each class is scattered into zeros and the classes summed.
 * Ties: the gradient goes wholly to the element ONNX Runtime reports as the maximum (the
 * first in the window in scan order), as in PyTorch. Square windows that tile the input
 * (stride = kernel, no pads: the 2x2 pools of most CNNs) find the same positions without
 * re-running the pool (`tiledIndices`) and scatter with MaxUnpool (`tiledVjp`).
 */
export const maxPoolRule: OpRule = {
  differentiableOutputs: () => [0],
  check(node) {
    if (attrInt(node, 'storage_order', 0) !== 0) return 'storage_order=1 is not supported';
    if (attrInts(node, 'kernel_shape') === undefined) return 'it has no kernel_shape';
    return autoPadProblem(node);
  },
  vjp(node, [cotangent], { b, shapes, reluPremask }) {
    const x = node.input![0]!;
    const y = node.output![0]!;
    // After a ReLU, the window's maximum is 0 exactly where the ReLU will zero what reaches
    // it: zeroing the cotangent at the output's size leaves the ReLU nothing to do.
    const premask = reluPremask?.applies(x) === true;
    const dy = premask ? wherePositive(b, y, cotangent!) : cotangent;
    const dx = pullBackMaxPool(node, dy!, b, shapes);
    if (premask) reluPremask!.done.add(dx);
    return [dx];
  },
  jvp(node, [dx], { b, shapes, reluPostmask }) {
    const x = node.input![0]!;
    const y = node.output![0]!;
    const tiles = tilesOf(node, b, shapes);
    const indices = tiles ? tiledIndices(b, x, y, tiles) : withIndices(node, b);
    const gathered = reshapeLike(b, b.op('Gather', [flat(b, dx!), flat(b, indices)]), indices);
    // The ReLU before it left its mask to this pool (RuleContext `reluPostmask`).
    return [reluPostmask?.has(x) ? wherePositive(b, y, gathered) : gathered];
  },
};

/** The tiling `tiledIndices` serves (float32 models at opset 11 or later), if any. */
function tilesOf(
  node: NodeProto,
  b: GraphBuilder,
  shapes: ReadonlyMap<string, readonly number[]> | undefined,
): Tiling | undefined {
  if (b.opset < 11 || b.floatType !== FLOAT || legacyGraphs('maxpool')) return undefined;
  return tiling(node, shapes?.get(node.input![0]!));
}

/** MaxPool's VJP: the cotangent `dy` sent to the maximum of each window. */
function pullBackMaxPool(
  node: NodeProto,
  dy: string,
  b: GraphBuilder,
  shapes: ReadonlyMap<string, readonly number[]> | undefined,
): string {
  const x = node.input![0]!;
  const tiles = tilesOf(node, b, shapes);
  if (tiles) return tiledVjp(b, x, node.output![0]!, dy, tiles);
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
  if (b.opset >= 16 && !legacyGraphs('maxpool-classes') && period.some((p) => p > 1)) {
    // One scatter that adds where windows overlap (ResNet-50's 3x3 stride-2 pool at batch 8:
    // the four classes' slices, scatters into zeros and their Sum were 29 ms).
    const added = [attr.string('reduction', 'add')];
    return reshapeLike(
      b,
      b.op('ScatterElements', [zeros, flat(b, indices), flat(b, dy)], added),
      x,
    );
  }
  const parts: string[] = [];
  const axes = b.int64(Array.from({ length: rank }, (_, i) => i + 2));
  const ends = b.int64(new Array(rank).fill(INT64_MAX));
  const steps = b.int64(period);
  for (const offset of offsets(period)) {
    let dySub = dy;
    let idxSub = indices;
    if (period.some((p) => p > 1)) {
      const starts = b.int64(offset);
      dySub = b.op('Slice', [dy, starts, ends, axes, steps]);
      idxSub = b.op('Slice', [indices, starts, ends, axes, steps]);
    }
    parts.push(b.op('ScatterElements', [zeros, flat(b, idxSub), flat(b, dySub)]));
  }
  return reshapeLike(b, sumAll(b, parts)!, x);
}

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
 * window). MaxUnpool's output-shape input needs opset 11, which the caller checks.
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
 * Where each window's maximum lies, as MaxPool's `Indices` output would give it (flat
 * positions in `x`, shaped like `y`), without re-running MaxPool with indices (ONNX Runtime's
 * ran about 13x slower than without). Each window offset in scan order is a strided Slice
 * of `x`, the shape of `y`; nested Wheres pick the first offset whose value equals `y`
 * (ties: the first in scan order, as ONNX Runtime and PyTorch), the last offset when none
 * before it does (some element of a window is its maximum). The offsets are added to each
 * window's first position, made from small ranges that ONNX Runtime folds at load.
 */
function tiledIndices(b: GraphBuilder, x: string, y: string, t: Tiling): string {
  const { channels: C, rows: H, cols: W, side: k } = t;
  const axes = b.int64([2, 3]);
  const ends = b.int64([INT64_MAX, INT64_MAX]);
  const steps = b.int64([k, k]);
  const at = (o: number) => Math.floor(o / k) * W + (o % k);
  // Float offsets (exact: at most (k-1)(W+1)): the whole form ran 1.07-1.15x slower with
  // int64 ones in ONNX Runtime's Where (bench/gradients/max-pool-forms.mjs).
  let offset = b.float(at(k * k - 1));
  for (let o = k * k - 2; o >= 0; o--) {
    const slice = b.op('Slice', [x, b.int64([Math.floor(o / k), o % k]), ends, axes, steps]);
    offset = b.op('Where', [b.op('Equal', [slice, y]), b.float(at(o)), offset]);
  }
  const range = (n: number, step: number, dims: number[]) =>
    b.int64(
      Array.from({ length: n }, (_, i) => i * step),
      dims,
    );
  const corner = b.op('Add', [
    b.op('Add', [range(C, H * W, [1, C, 1, 1]), range(H / k, k * W, [1, 1, H / k, 1])]),
    range(W / k, k, [1, 1, 1, W / k]),
  ]);
  const batch = b.op('Gather', [b.op('Shape', [x]), b.int64(0)], [attr.int('axis', 0)]);
  const rowStart = b.op('Mul', [
    b.op('Range', [b.int64(0), batch, b.int64(1)]),
    b.int64(C * H * W),
  ]);
  const start = b.op('Add', [b.op('Reshape', [rowStart, b.int64([-1, 1, 1, 1])]), corner]);
  return b.op('Add', [
    start,
    b.op('Cast', [offset], [attr.int('to', onnx.TensorProto.DataType.INT64)]),
  ]);
}

/**
 * The VJP of a tiling MaxPool: the cotangent scattered to `tiledIndices` by MaxUnpool,
 * which writes each window's one value into zeros (ONNX Runtime registers it for float32
 * only). With the strided slices of the sixth round (then laid back by DepthToSpace) the
 * fixture CNN's VJP ran 1.35-1.66x faster than with the indices form, with MaxUnpool
 * 1.10-1.36x faster again (docs/benchmarks/gradient-profile.md, sixth and seventh rounds).
 */
function tiledVjp(b: GraphBuilder, x: string, y: string, dy: string, t: Tiling): string {
  return b.op(
    'MaxUnpool',
    [dy, tiledIndices(b, x, y, t), b.op('Shape', [x])],
    [attr.ints('kernel_shape', [t.side, t.side]), attr.ints('strides', [t.side, t.side])],
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
