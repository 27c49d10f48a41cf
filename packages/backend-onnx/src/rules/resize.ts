import { attr, attrInt, attrString, copyAttrs, hasAttr } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { shapeOf, slice1D } from './common.js';
import type { OpRule } from './rule.js';

/**
 * Resize (opset 10+; nearest, linear, cubic; every coordinate transformation except
 * tf_crop_and_resize). For fixed scales or sizes Resize is linear in X and separable:
 * along each axis `a` it multiplies by an interpolation matrix `A_a [out, in]`. JVP: the
 * Resize of the tangent. VJP: `A_a^T` applied along every axis. Rather than re-deriving
 * ONNX's interpolation formulas, each `A_a^T` is computed at run time by the node's own
 * Resize (same mode and attributes, axis `a`'s scale) applied to an identity matrix, so
 * the backward pass matches the runtime's forward pass by construction. Every axis is
 * transposed, batch and channels included (their matrices are identities when their scale
 * is 1): the scales may only be known at run time.
 */
export const resizeRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1, 2, 3],
  check(node) {
    if (attrString(node, 'coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize')
      return 'coordinate_transformation_mode=tf_crop_and_resize is not linear in X';
    if (attrInt(node, 'antialias', 0) !== 0) return 'antialias=1 is not supported';
    if (hasAttr(node, 'axes')) return 'the axes attribute is not supported; give every axis';
    if (attrString(node, 'keep_aspect_ratio_policy', 'stretch') !== 'stretch')
      return 'keep_aspect_ratio_policy other than stretch is not supported';
    return undefined;
  },
  vjp(node, [dy], { b }) {
    return [separableVjp(b, node, dy!, (laid, n, a) => resizeAxis(b, node, laid, n, a))];
  },
  jvp(node, [dx], { b }) {
    return [b.op(node.opType!, [dx!, ...node.input!.slice(1)], copyAttrs(node))];
  },
};

/**
 * Upsample (opsets 9 and 10, deprecated for Resize since 10; nearest and linear): the same
 * separable linear map, its `A_a^T` made by the node's own Upsample of an identity. Its
 * opset 7 form (scales as an attribute) is refused: the identity needs opset 9's EyeLike.
 */
export const upsampleRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  check(_node, opset) {
    if (opset < 9)
      return 'Upsample before opset 9 is not supported (its gradient needs EyeLike and ConstantOfShape, from opset 9); export at opset 9 or later';
    return undefined;
  },
  vjp(node, [dy], { b }) {
    return [separableVjp(b, node, dy!, (laid, _n, a) => upsampleAxis(b, node, laid, a))];
  },
  jvp(node, [dx], { b }) {
    return [b.op('Upsample', [dx!, ...node.input!.slice(1)], copyAttrs(node))];
  },
};

/**
 * `A_a^T` applied along every axis of `dy`: `matrixOf(laid, n, a)` resizes the identity
 * `laid` (`[1, 1, n, n]`, n the input's size on axis a) along its last axis as the node
 * resizes axis a.
 */
function separableVjp(
  b: GraphBuilder,
  node: NodeProto,
  dy: string,
  matrixOf: (laid: string, n: string, a: number) => string,
): string {
  const x = node.input![0]!;
  let g = dy;
  for (let a = 0; a < RESIZE_RANK; a++) {
    const n = slice1D(b, shapeOf(b, x), a, a + 1);
    const square = b.op('Concat', [n, n], [attr.int('axis', 0)]);
    const eye = b.op('EyeLike', [b.op('ConstantOfShape', [square], [b.floatValueAttr(0)])]);
    const laid = b.op('Reshape', [
      eye,
      b.op('Concat', [b.int64([1, 1]), square], [attr.int('axis', 0)]),
    ]);
    const resized = matrixOf(laid, n, a);
    const m = b.op('Reshape', [resized, b.op('Concat', [n, b.int64([-1])], [attr.int('axis', 0)])]);
    g = alongAxis(b, g, a, RESIZE_RANK, m);
  }
  return g;
}

/**
 * Image classifiers resize `[N, C, H, W]` tensors; the rules see no static shapes, so the
 * VJP is built for rank 4, and another rank fails at run time (an empty shape slice),
 * never silently.
 */
const RESIZE_RANK = 4;

/**
 * Resize's `A_a^T` `[1, 1, in, out]`: the node's Resize of the laid-out identity with axis
 * `a`'s scale or size on the last dim. One axis's interpolation depends only on its own
 * sizes and scale, and ONNX Runtime resizes the innermost dims in every mode (linear and
 * cubic refuse the outer ones). Resize-10 takes `[X, scales]`; from 11, `[X, roi, scales,
 * sizes]`.
 */
function resizeAxis(b: GraphBuilder, node: NodeProto, laid: string, n: string, a: number): string {
  const axisOf = (t: string) => slice1D(b, t, a, a + 1);
  const scalesOf = (scales: string) =>
    b.op('Concat', [b.float32([1, 1, 1]), axisOf(scales)], [attr.int('axis', 0)]);
  if (b.opset < 11) return b.op('Resize', [laid, scalesOf(node.input![1]!)], copyAttrs(node));
  const [, , scales, sizes] = node.input!;
  const empty = b.float32([], [0]);
  const inputs = sizes
    ? [
        laid,
        empty,
        empty,
        b.op('Concat', [b.int64([1, 1]), n, axisOf(sizes)], [attr.int('axis', 0)]),
      ]
    : [laid, empty, scalesOf(scales!)];
  return b.op('Resize', inputs, copyAttrs(node));
}

/** Upsample's `A_a^T` `[1, 1, in, out]`, as `resizeAxis`, with axis `a`'s scale. */
function upsampleAxis(b: GraphBuilder, node: NodeProto, laid: string, a: number): string {
  const scale = slice1D(b, node.input![1]!, a, a + 1);
  const scales = b.op('Concat', [b.float32([1, 1, 1]), scale], [attr.int('axis', 0)]);
  return b.op('Upsample', [laid, scales], copyAttrs(node));
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
