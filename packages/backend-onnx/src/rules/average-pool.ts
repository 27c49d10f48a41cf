import { attr, attrInt, attrInts, copyAttrs } from '../graph/attributes.js';
import { shapeOf, shapeTail } from './common.js';
import { autoPadProblem, spatialRank } from './conv.js';
import type { OpRule } from './rule.js';

/**
 * AveragePool (ceil_mode 0). JVP: the pool of the tangent. VJP: per channel, a
 * ConvTranspose of `dY / divisor` with a kernel of ones (same strides, pads, dilations;
 * `output_padding = stride - 1` and a Slice to X's spatial shape, as for Conv). The divisor
 * is the kernel size with count_include_pad=1, else the number of real (unpadded)
 * elements per window, counted with a Conv of ones.
 */
export const averagePoolRule: OpRule = {
  check(node) {
    if (attrInt(node, 'ceil_mode', 0) !== 0) return 'ceil_mode=1 is not supported yet';
    if (!attrInts(node, 'kernel_shape')) return 'it has no kernel_shape';
    return autoPadProblem(node);
  },
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const rank = spatialRank(node)!;
    const kernel = attrInts(node, 'kernel_shape')!;
    const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
    const window = [
      ...(attrInts(node, 'pads') ? [attr.ints('pads', attrInts(node, 'pads')!)] : []),
      attr.ints('strides', strides),
      ...(attrInts(node, 'dilations')
        ? [attr.ints('dilations', attrInts(node, 'dilations')!)]
        : []),
    ];
    const ones = b.float(new Array<number>(kernel.reduce((p, k) => p * k, 1)).fill(1), [
      1,
      1,
      ...kernel,
    ]);
    // [N, C, ...] -> [N*C, 1, ...]: a depthwise ConvTranspose with one kernel for all.
    const spatialDy = shapeTail(b, shapeOf(b, dy!), 2);
    let d = b.op('Reshape', [
      dy!,
      b.op('Concat', [b.int64([-1, 1]), spatialDy], [attr.int('axis', 0)]),
    ]);
    if (attrInt(node, 'count_include_pad', 0) === 0) {
      const spatialX = shapeTail(b, shapeOf(b, x), 2);
      const onesX = b.op(
        'ConstantOfShape',
        [b.op('Concat', [b.int64([1, 1]), spatialX], [attr.int('axis', 0)])],
        [b.floatValueAttr(1)],
      );
      d = b.op('Div', [d, b.op('Conv', [onesX, ones], window)]);
    } else {
      d = b.op('Mul', [d, b.float(1 / kernel.reduce((p, k) => p * k, 1))]);
    }
    const outputPadding = strides.map((s) => s - 1);
    let ct = b.op(
      'ConvTranspose',
      [d, ones],
      [...window, attr.ints('output_padding', outputPadding)],
    );
    if (outputPadding.some((p) => p > 0)) {
      const axes = Array.from({ length: rank }, (_, i) => i + 2);
      const ends = shapeTail(b, shapeOf(b, x), 2);
      ct = b.op('Slice', [ct, b.int64(new Array<number>(rank).fill(0)), ends, b.int64(axes)]);
    }
    return [b.op('Reshape', [ct, shapeOf(b, x)])];
  },
  jvp(node, [dx], { b }) {
    return [b.op('AveragePool', [dx!], copyAttrs(node))];
  },
};
