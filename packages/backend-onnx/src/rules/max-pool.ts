import { attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import { INT64_MAX } from '../graph/builder.js';
import { flat, reshapeLike, sumAll } from './common.js';
import { spatialRank } from './conv.js';
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
 * first in the window in scan order), as in PyTorch.
 */
export const maxPoolRule: OpRule = {
  differentiableOutputs: () => [0],
  check(node) {
    if (attrInt(node, 'storage_order', 0) !== 0) return 'storage_order=1 is not supported';
    if (attrInts(node, 'kernel_shape') === undefined) return 'it has no kernel_shape';
    return autoPadProblem(node);
  },
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
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

function withIndices(
  node: import('../onnx-proto.js').NodeProto,
  b: import('../graph/builder.js').GraphBuilder,
) {
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
