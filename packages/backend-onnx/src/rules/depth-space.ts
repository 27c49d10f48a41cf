import { attr, attrInt, attrString } from '../graph/attributes.js';
import { shapeOf } from './common.js';
import type { OpRule } from './rule.js';

/**
 * DepthToSpace and SpaceToDepth permute elements. SpaceToDepth is the inverse of
 * DepthToSpace in DCR mode, so each is the other's transpose; DepthToSpace CRD is undone
 * by its own reshape-transpose-reshape run backwards: dY `[N, C', H b, W b]` viewed as
 * `[N, C', H, b, W, b]`, permuted to `[N, C', b, b, H, W]`, reshaped to X's shape.
 */
export const depthToSpaceRule: OpRule = {
  vjp(node, [dy], { b }) {
    const bs = attrInt(node, 'blocksize', 1);
    const x = node.input![0]!;
    if (attrString(node, 'mode', 'DCR') === 'DCR')
      return [b.op('SpaceToDepth', [dy!], [attr.int('blocksize', bs)])];
    const sx = shapeOf(b, x);
    const part = (from: number, to: number) => b.op('Slice', [sx, b.int64([from]), b.int64([to])]);
    const view = b.op(
      'Concat',
      [
        b.op('Slice', [shapeOf(b, dy!), b.int64([0]), b.int64([2])]),
        part(2, 3),
        b.int64([bs]),
        part(3, 4),
        b.int64([bs]),
      ],
      [attr.int('axis', 0)],
    );
    const moved = b.op(
      'Transpose',
      [b.op('Reshape', [dy!, view])],
      [attr.ints('perm', [0, 1, 3, 5, 2, 4])],
    );
    return [b.op('Reshape', [moved, sx])];
  },
  jvp: (node, [dx], { b }) => [b.op('DepthToSpace', [dx!], node.attribute ?? [])],
};

export const spaceToDepthRule: OpRule = {
  vjp: (node, [dy], { b }) => [
    b.op('DepthToSpace', [dy!], [attr.int('blocksize', attrInt(node, 'blocksize', 1))]),
  ],
  jvp: (node, [dx], { b }) => [b.op('SpaceToDepth', [dx!], node.attribute ?? [])],
};
