import { attr, attrInts, copyAttrs } from '../graph/attributes.js';
import { shapeOf, shapeTail } from './common.js';
import { spatialRank } from './conv.js';
import type { OpRule } from './rule.js';
import { autoPadOf, autoPadProblem, leadingPads, sliceToInput } from './window-pads.js';

/**
 * AveragePool, any padding, ceil_mode and count_include_pad. JVP: the pool of the
 * tangent. VJP: per channel, `dY / divisor` spread over each window by a ConvTranspose
 * with a kernel of ones, unpadded, then cut to X (from the leading padding on). The
 * divisor is never re-derived from the attributes (ceil mode and count_include_pad
 * interact in runtime-specific ways): with `n` the number of real elements in a window
 * (a Conv of ones over ones) and `a = AveragePool(ones)` = n / divisor, `1 / divisor =
 * a / n`, exactly what the forward pass divided by.
 */
export const averagePoolRule: OpRule = {
  check(node) {
    if (!attrInts(node, 'kernel_shape')) return 'it has no kernel_shape';
    return autoPadProblem(node);
  },
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const rank = spatialRank(node)!;
    const kernel = attrInts(node, 'kernel_shape')!;
    const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
    const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
    const ones = b.float(new Array<number>(kernel.reduce((p, k) => p * k, 1)).fill(1), [
      1,
      1,
      ...kernel,
    ]);
    const onesX = b.op(
      'ConstantOfShape',
      [b.op('Concat', [b.int64([1, 1]), shapeTail(b, shapeOf(b, x), 2)], [attr.int('axis', 0)])],
      [b.floatValueAttr(1)],
    );
    const scale = b.op('Div', [
      b.op('AveragePool', [onesX], copyAttrs(node)),
      b.op('Max', [realCounts(b, node, onesX, ones, dy!, rank, strides, dilations), b.float(1)]),
    ]);
    // [N, C, ...] -> [N*C, 1, ...]: a depthwise ConvTranspose with one kernel for all.
    const d = b.op('Mul', [
      b.op('Reshape', [
        dy!,
        b.op('Concat', [b.int64([-1, 1]), shapeTail(b, shapeOf(b, dy!), 2)], [attr.int('axis', 0)]),
      ]),
      scale,
    ]);
    const ct = b.op(
      'ConvTranspose',
      [d, ones],
      [
        attr.ints('strides', strides),
        attr.ints('dilations', dilations),
        attr.ints(
          'output_padding',
          strides.map((s) => s - 1),
        ),
      ],
    );
    const begin = leadingPads(b, node, x, rank, b.int64(kernel));
    return [b.op('Reshape', [sliceToInput(b, ct, x, rank, begin), shapeOf(b, x)])];
  },
  jvp(node, [dx], { b }) {
    return [b.op('AveragePool', [dx!], copyAttrs(node))];
  },
};

/**
 * The number of real (unpadded) elements in each window, shaped `[1, 1, ...dY spatial]`:
 * a Conv of ones over ones with the pool's padding, the end padded by `stride - 1` more so
 * that ceil mode's last, partial windows exist too, then cut to dY's size.
 */
function realCounts(
  b: import('../graph/builder.js').GraphBuilder,
  node: import('../onnx-proto.js').NodeProto,
  onesX: string,
  ones: string,
  dy: string,
  rank: number,
  strides: readonly number[],
  dilations: readonly number[],
): string {
  const autoPad = autoPadOf(node);
  const window = [attr.ints('strides', strides), attr.ints('dilations', dilations)];
  if (autoPad.startsWith('SAME')) window.push(attr.string('auto_pad', autoPad));
  else {
    const pads = (autoPad === 'NOTSET' ? attrInts(node, 'pads') : undefined) ?? [];
    window.push(
      attr.ints(
        'pads',
        Array.from({ length: 2 * rank }, (_, i) =>
          i < rank ? (pads[i] ?? 0) : (pads[i] ?? 0) + strides[i - rank]! - 1,
        ),
      ),
    );
  }
  const counts = b.op('Conv', [onesX, ones], window);
  const axes = b.int64(Array.from({ length: rank }, (_, i) => i + 2));
  const ends = shapeTail(b, shapeOf(b, dy), 2);
  return b.op('Slice', [counts, b.int64(new Array<number>(rank).fill(0)), ends, axes]);
}
