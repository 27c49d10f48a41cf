import { attr, attrInt, attrString, copyAttrs } from '../graph/attributes.js';
import { reshapeLike, shapeOf } from './common.js';
import type { OpRule } from './rule.js';

const LINEAR = ['bilinear', 'linear'];

/**
 * GridSample of 4-D images, bilinear or nearest, padding zeros or border, either
 * align_corners, with a constant grid: linear in X. JVP: the same sampling of the
 * tangent. VJP: its transpose, a scatter-add of `dY` times each corner's weight to that
 * corner's pixel (corners outside the image get weight 0, as sampling reads zeros or,
 * with border, clamps the coordinate first). Nearest rounds half to even, as ONNX
 * Runtime does.
 */
export const gridSampleRule: OpRule = {
  differentiable: () => [0],
  check(node) {
    const mode = attrString(node, 'mode', 'bilinear');
    if (!LINEAR.includes(mode) && mode !== 'nearest') return `mode=${mode} is not supported`;
    const pad = attrString(node, 'padding_mode', 'zeros');
    if (pad !== 'zeros' && pad !== 'border') return `padding_mode=${pad} is not supported`;
    return undefined;
  },
  vjp(node, [dy], { b }) {
    const [x, grid] = node.input!;
    const align = attrInt(node, 'align_corners', 0) === 1;
    const border = attrString(node, 'padding_mode', 'zeros') === 'border';
    const dims = shapeOf(b, x!);
    const dim = (i: number) => b.op('Slice', [dims, b.int64([i]), b.int64([i + 1])]);
    const [h, w] = [dim(2), dim(3)];
    const toFloat = (t: string) => b.op('Cast', [t], [attr.int('to', b.floatType)]);
    // [N, Ho, Wo, 2] -> two [N, 1, Ho * Wo] coordinate maps in pixels.
    const coord = (axis: number, size: string) => {
      const g = b.op('Gather', [grid!, b.int64(axis, [])], [attr.int('axis', 3)]);
      const s = toFloat(size);
      const one = b.float(1);
      const px = align
        ? b.op('Mul', [b.op('Mul', [b.op('Add', [g, one]), b.float(0.5)]), b.op('Sub', [s, one])])
        : b.op('Mul', [b.op('Sub', [b.op('Mul', [b.op('Add', [g, one]), s]), one]), b.float(0.5)]);
      const clamped = border
        ? b.op('Max', [b.op('Min', [px, b.op('Sub', [s, one])]), b.float(0)])
        : px;
      return b.op('Reshape', [clamped, b.int64([0, 1, -1])]);
    };
    const ix = coord(0, w);
    const iy = coord(1, h);
    const corners: Array<[string, string, string]> = []; // [x, y, weight] as floats
    if (attrString(node, 'mode', 'bilinear') === 'nearest') {
      corners.push([b.op('Round', [ix]), b.op('Round', [iy]), b.float(1)]);
    } else {
      const x0 = b.op('Floor', [ix]);
      const y0 = b.op('Floor', [iy]);
      const fx = b.op('Sub', [ix, x0]);
      const fy = b.op('Sub', [iy, y0]);
      const gx = b.op('Sub', [b.float(1), fx]);
      const gy = b.op('Sub', [b.float(1), fy]);
      const x1 = b.op('Add', [x0, b.float(1)]);
      const y1 = b.op('Add', [y0, b.float(1)]);
      corners.push(
        [x0, y0, b.op('Mul', [gx, gy])],
        [x1, y0, b.op('Mul', [fx, gy])],
        [x0, y1, b.op('Mul', [gx, fy])],
        [x1, y1, b.op('Mul', [fx, fy])],
      );
    }
    const g = b.op('Reshape', [dy!, b.int64([0, 0, -1])]); // [N, C, Ho * Wo]
    const wf = toFloat(w);
    const hf = toFloat(h);
    const indices: string[] = [];
    const updates: string[] = [];
    for (const [cx, cy, weight] of corners) {
      const inside = b.op('And', [
        b.op('And', [b.op('Not', [b.op('Less', [cx, b.float(0)])]), b.op('Less', [cx, wf])]),
        b.op('And', [b.op('Not', [b.op('Less', [cy, b.float(0)])]), b.op('Less', [cy, hf])]),
      ]);
      const flatPos = b.op('Add', [b.op('Mul', [cy, wf]), cx]);
      const pos = b.op('Where', [inside, flatPos, b.float(0)]);
      const index = b.op('Cast', [pos], [attr.int('to', 7)]);
      indices.push(b.op('Expand', [index, shapeOf(b, g)]));
      const wt = b.op('Where', [inside, weight, b.float(0)]);
      updates.push(b.op('Mul', [g, wt]));
    }
    const cat = (ts: string[]) =>
      ts.length === 1 ? ts[0]! : b.op('Concat', ts, [attr.int('axis', 2)]);
    const size = b.op('Concat', [dim(0), dim(1), b.op('Mul', [h, w])], [attr.int('axis', 0)]);
    const zeros = b.op('ConstantOfShape', [size], [b.floatValueAttr(0)]);
    const scattered = b.op(
      'ScatterElements',
      [zeros, cat(indices), cat(updates)],
      [attr.int('axis', 2), attr.string('reduction', 'add')],
    );
    return [reshapeLike(b, scattered, x!)];
  },
  jvp: (node, [dx], { b }) => [b.op('GridSample', [dx!, node.input![1]!], copyAttrs(node))],
};
