import { attr } from '../graph/attributes.js';
import { type GraphBuilder, INT64_MIN } from '../graph/builder.js';
import { shapeOf, shapeTail } from './common.js';

/**
 * The weights of a Conv's stride-1 adjoint: flipped in space, input and output channels
 * swapped per group (`[M, C/g, k...]` -> `[C, M/g, k...]`).
 */
export function adjointWeights(b: GraphBuilder, w: string, group: number, rank: number): string {
  const spatial = Array.from({ length: rank }, (_, i) => i + 2);
  const flipped = b.op('Slice', [
    w,
    b.int64(new Array<number>(rank).fill(-1)),
    b.int64(new Array<bigint>(rank).fill(INT64_MIN)),
    b.int64(spatial),
    b.int64(new Array<number>(rank).fill(-1)),
  ]);
  // [M, C/g, k...] -> [g, M/g, C/g, k...] -> [g, C/g, M/g, k...] -> [C, M/g, k...]
  const shape = shapeOf(b, w);
  const grouped = b.op('Reshape', [
    flipped,
    b.op('Concat', [b.int64([group, -1]), shapeTail(b, shape, 1)], [attr.int('axis', 0)]),
  ]);
  const swapped = b.op(
    'Transpose',
    [grouped],
    [attr.ints('perm', [0, 2, 1, ...spatial.map((a) => a + 1)])],
  );
  const perGroupOut = b.op('Slice', [shapeOf(b, swapped), b.int64([2]), b.int64([3])]);
  return b.op('Reshape', [
    swapped,
    b.op('Concat', [b.int64([-1]), perGroupOut, shapeTail(b, shape, 2)], [attr.int('axis', 0)]),
  ]);
}
