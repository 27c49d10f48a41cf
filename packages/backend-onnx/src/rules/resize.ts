import { attr, attrInt, attrString, copyAttrs, hasAttr } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Resize (opset 11+; nearest, linear, cubic; every coordinate transformation except
 * tf_crop_and_resize). For fixed scales or sizes Resize is linear in X and separable:
 * along each axis `a` it multiplies by an interpolation matrix `A_a [out, in]`. JVP: the
 * Resize of the tangent. VJP: `A_a^T` applied along every axis. Rather than re-deriving
 * ONNX's interpolation formulas, each `A_a^T` is computed at run time by the node's own
 * Resize (same mode and attributes, axis `a`'s scale) applied to an identity matrix, so
 * the backward pass matches the runtime's forward pass by construction. Every axis is transposed, batch and channels included
 * (their matrices are identities when their scale is 1): the scales may only be known
 * at run time.
 */
export const resizeRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1, 2, 3],
  check(node, opset) {
    if (opset < 11) return 'Resize before opset 11 is not supported; export at opset 11 or later';
    if (attrString(node, 'coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize')
      return 'coordinate_transformation_mode=tf_crop_and_resize is not linear in X';
    if (attrInt(node, 'antialias', 0) !== 0) return 'antialias=1 is not supported';
    if (hasAttr(node, 'axes')) return 'the axes attribute is not supported; give every axis';
    if (attrString(node, 'keep_aspect_ratio_policy', 'stretch') !== 'stretch')
      return 'keep_aspect_ratio_policy other than stretch is not supported';
    return undefined;
  },
  vjp(node, [dy], { b }) {
    const x = node.input![0]!;
    const rank = RESIZE_RANK;
    let g = dy!;
    for (let a = 0; a < rank; a++) g = alongAxis(b, g, a, rank, transposedMatrix(b, node, x, a));
    return [g];
  },
  jvp(node, [dx], { b }) {
    return [b.op('Resize', [dx!, ...node.input!.slice(1)], copyAttrs(node))];
  },
};

/**
 * Image classifiers resize `[N, C, H, W]` tensors; the rules see no static shapes, so the
 * VJP is built for rank 4, and another rank fails at run time (an empty shape slice),
 * never silently.
 */
const RESIZE_RANK = 4;

/**
 * `A_a^T` `[in, out]`: the node's Resize of an identity `[in, in]` laid out as
 * `[1, 1, in (basis), in (resized)]`, with axis `a`'s scale or size on the last dim. One
 * axis's interpolation depends only on its own sizes and scale, and ONNX Runtime resizes
 * the innermost dims in every mode (linear and cubic refuse the outer ones).
 */
function transposedMatrix(b: GraphBuilder, node: NodeProto, x: string, a: number): string {
  const n = b.op('Slice', [shapeOf(b, x), b.int64([a]), b.int64([a + 1])]);
  const square = b.op('Concat', [n, n], [attr.int('axis', 0)]);
  const eye = b.op('EyeLike', [b.op('ConstantOfShape', [square], [b.floatValueAttr(0)])]);
  const laid = b.op('Reshape', [
    eye,
    b.op('Concat', [b.int64([1, 1]), square], [attr.int('axis', 0)]),
  ]);
  const [, , scales, sizes] = node.input!;
  const empty = b.float32([], [0]);
  const axisOf = (t: string) => b.op('Slice', [t, b.int64([a]), b.int64([a + 1])]);
  const inputs = sizes
    ? [
        laid,
        empty,
        empty,
        b.op('Concat', [b.int64([1, 1]), n, axisOf(sizes)], [attr.int('axis', 0)]),
      ]
    : [laid, empty, b.op('Concat', [b.float32([1, 1, 1]), axisOf(scales!)], [attr.int('axis', 0)])];
  const resized = b.op('Resize', inputs, copyAttrs(node));
  return b.op('Reshape', [resized, b.op('Concat', [n, b.int64([-1])], [attr.int('axis', 0)])]);
}

/** `g` with its axis `a` (of size out) multiplied by `m [in, out]`, giving size in. */
function alongAxis(b: GraphBuilder, g: string, a: number, rank: number, m: string): string {
  if (a === rank - 1) return b.op('MatMul', [g, b.op('Transpose', [m])]);
  if (a === rank - 2) return b.op('MatMul', [m, g]);
  const perm = Array.from({ length: rank }, (_, i) =>
    i === a ? rank - 1 : i === rank - 1 ? a : i,
  );
  const moved = b.op('Transpose', [g], [attr.ints('perm', perm)]);
  const done = b.op('MatMul', [moved, b.op('Transpose', [m])]);
  return b.op('Transpose', [done], [attr.ints('perm', perm)]);
}
