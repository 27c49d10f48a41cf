import { attr } from '../../src/graph/attributes.js';
import { type Case, sq1 } from './case.js';

const int = attr.int;
const ints = attr.ints;

/** Variadic ops, reductions, index and permutation ops. */
export const tensorCases: Case[] = [
  {
    name: 'Max of three, broadcasting, a constant among them',
    sample: [3, 4],
    body: (b, x, w) => b.op('Max', [x, w([4], 0.3), b.op('Mul', [x, b.float(-0.7)])]),
  },
  {
    name: 'Max and Min with ties (x against itself) share the derivative',
    sample: [5],
    body: (b, x) =>
      b.op('Add', [b.op('Max', [x, x]), b.op('Min', [b.op('Mul', [x, x]), b.op('Mul', [x, x])])]),
  },
  {
    name: 'Min, Mean, Sum broadcasting a [N, 1] input',
    sample: [3, 4],
    body: (b, x) => {
      const m = b.op('ReduceMean', [x], [ints('axes', [2])]);
      const t = b.op('Tanh', [x]);
      return b.op('Sum', [b.op('Min', [x, m]), b.op('Mean', [t, m, x]), m]);
    },
  },
  {
    name: 'ReduceL1 axes attribute, keepdims 0',
    sample: [3, 4],
    body: (b, x) => b.op('ReduceL1', [x], [ints('axes', [2]), int('keepdims', 0)]),
  },
  {
    name: 'ReduceL2 over all axes but batch',
    sample: [3, 4],
    body: (b, x) => b.op('Mul', [x, b.op('ReduceL2', [x], [ints('axes', [1, 2])])]),
  },
  {
    name: 'ReduceL2 axes input (opset 18)',
    sample: [3, 4],
    opset: 18,
    body: (b, x) => b.op('ReduceL2', [x, b.int64([1])], [int('keepdims', 0)]),
  },
  {
    name: 'ReduceSumSquare axes input keepdims 0 (opset 18)',
    sample: [3, 4],
    opset: 18,
    body: (b, x) => b.op('ReduceSumSquare', [x, b.int64([-1])], [int('keepdims', 0)]),
  },
  {
    name: 'ReduceLogSum',
    sample: [3, 4],
    body: (b, x) => b.op('ReduceLogSum', [sq1(b, x)], [ints('axes', [1])]),
  },
  {
    name: 'ReduceLogSumExp, keepdims 0',
    sample: [3, 4],
    body: (b, x) =>
      b.op(
        'ReduceLogSumExp',
        [b.op('Mul', [x, b.float(3)])],
        [ints('axes', [2]), int('keepdims', 0)],
      ),
  },
  {
    name: 'ReduceLogSumExp, axes input (opset 18)',
    sample: [3, 4],
    opset: 18,
    body: (b, x) => b.op('ReduceLogSumExp', [x, b.int64([1])]),
  },
  {
    name: 'ReduceProd',
    sample: [3, 2],
    body: (b, x) => b.op('ReduceProd', [b.op('Add', [x, b.float(1)])], [ints('axes', [2])]),
  },
  {
    name: 'GlobalLpPool p 2',
    sample: [3, 3, 2],
    body: (b, x) => b.op('GlobalLpPool', [x]),
  },
  {
    name: 'GlobalLpPool p 3',
    sample: [3, 3, 2],
    body: (b, x) => b.op('GlobalLpPool', [x], [int('p', 3)]),
  },
  ...[
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(
    ([exclusive, reverse]): Case => ({
      name: `CumSum exclusive ${exclusive} reverse ${reverse}`,
      sample: [3, 4],
      body: (b, x) =>
        b.op('Mul', [
          b.op(
            'CumSum',
            [x, b.int64(2, [])],
            [int('exclusive', exclusive!), int('reverse', reverse!)],
          ),
          x,
        ]),
    }),
  ),
  {
    name: 'Tile (opset 16: repeats summed)',
    sample: [2, 3],
    opset: 16,
    body: (b, x) => b.op('Tile', [x, b.int64([1, 2, 3])]),
  },
  {
    name: 'GatherElements repeated indices (opset 16)',
    sample: [2, 3],
    opset: 16,
    body: (b, x) => {
      const idx = b.int64([0, 2, 2, 1, 1, 0], [1, 2, 3]);
      return b.op(
        'GatherElements',
        [x, b.op('Expand', [idx, b.op('Shape', [x])])],
        [int('axis', 2)],
      );
    },
  },
  {
    name: 'GatherND batch_dims 1',
    sample: [3, 2],
    body: (b, x) => {
      const n = b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([1])]);
      const shape = b.op('Concat', [n, b.int64([3, 1])], [int('axis', 0)]);
      const idx = b.int64([2, 0, 1], [1, 3, 1]);
      return b.op('GatherND', [x, b.op('Expand', [idx, shape])], [int('batch_dims', 1)]);
    },
  },
  {
    name: 'ScatterElements on data and updates',
    sample: [2, 3],
    body: (b, x) => {
      const upd = b.op('Slice', [b.op('Tanh', [x]), b.int64([0]), b.int64([1]), b.int64([2])]);
      const idx = b.op('Expand', [b.int64([2, 0], [1, 2, 1]), b.op('Shape', [upd])]);
      return b.op('ScatterElements', [x, idx, upd], [int('axis', 2)]);
    },
  },
  {
    name: 'ScatterElements reduction add (opset 16)',
    sample: [2, 3],
    opset: 16,
    body: (b, x) => {
      const upd = b.op('Slice', [b.op('Mul', [x, x]), b.int64([0]), b.int64([2]), b.int64([2])]);
      const idx = b.op('Expand', [b.int64([1, 1], [1, 1, 2]), b.op('Shape', [upd])]);
      return b.op(
        'ScatterElements',
        [x, idx, upd],
        [int('axis', 2), attr.string('reduction', 'add')],
      );
    },
  },
  {
    name: 'ScatterND on data and updates',
    sample: [4, 2],
    body: (b, x) => {
      const t = b.op('Transpose', [x], [ints('perm', [1, 0, 2])]);
      const upd = b.op('Mul', [
        b.op('Slice', [t, b.int64([0]), b.int64([2]), b.int64([0])]),
        b.float(2),
      ]);
      const y = b.op('ScatterND', [t, b.int64([3, 1], [2, 1]), upd]);
      return b.op('Transpose', [y], [ints('perm', [1, 0, 2])]);
    },
  },
  {
    name: 'Trilu upper k 1, lower (opset 14)',
    sample: [3, 4],
    opset: 14,
    body: (b, x) =>
      b.op('Add', [
        b.op('Trilu', [x, b.int64(1, [])]),
        b.op('Trilu', [b.op('Tanh', [x])], [int('upper', 0)]),
      ]),
  },
  {
    name: 'DepthToSpace DCR',
    sample: [8, 2, 3],
    body: (b, x) => b.op('Mul', [b.op('DepthToSpace', [x], [int('blocksize', 2)]), b.float(1.5)]),
  },
  {
    name: 'DepthToSpace CRD',
    sample: [8, 2, 3],
    body: (b, x, w) =>
      b.op('Mul', [
        b.op('DepthToSpace', [x], [int('blocksize', 2), attr.string('mode', 'CRD')]),
        w([2, 4, 6]),
      ]),
  },
  {
    name: 'SpaceToDepth',
    sample: [2, 4, 6],
    body: (b, x, w) =>
      b.op('Mul', [b.op('SpaceToDepth', [x], [int('blocksize', 2)]), w([8, 2, 3])]),
  },
  {
    name: 'Einsum batched x x^T (both operands live)',
    sample: [3, 4],
    opset: 12,
    body: (b, x) => b.op('Einsum', [x, x], [attr.string('equation', 'bij,bkj->bik')]),
  },
  {
    name: 'Einsum attention scores with ellipsis and a constant',
    sample: [2, 3, 4],
    body: (b, x, w) => b.op('Einsum', [x, w([4, 5])], [attr.string('equation', '...qd,de->...qe')]),
  },
  {
    name: 'Einsum implicit output (an outer product)',
    sample: [3, 4],
    body: (b, x, w) =>
      b.op('Mul', [b.op('Einsum', [x, w([2])], [attr.string('equation', 'bij,k')]), b.float(1)]),
  },
  {
    name: 'Einsum label summed in one operand only',
    sample: [3, 4],
    body: (b, x, w) => b.op('Einsum', [x, w([3, 5])], [attr.string('equation', 'bij,ik->bk')]),
  },
  {
    name: 'ReverseSequence batch_axis 0, time_axis 1 (opset 11)',
    sample: [4, 3],
    opset: 11,
    body: (b, x) =>
      b.op(
        'ReverseSequence',
        // One length per sample (3 of 4 steps reversed), sized by the run-time batch.
        [
          b.op('Mul', [x, x]),
          b.op('Expand', [
            b.int64([3]),
            b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([1])]),
          ]),
        ],
        [attr.int('batch_axis', 0), attr.int('time_axis', 1)],
      ),
  },
  {
    name: 'Compress along axis 2 by a constant condition (opset 11)',
    sample: [2, 5],
    opset: 11,
    body: (b, x) => {
      const cond = b.op('Greater', [b.float([1, -1, 2, 0, 3]), b.float(0)]);
      return b.op('Compress', [x, cond], [attr.int('axis', 2)]);
    },
  },
  {
    name: 'Compress along axis 1 by a condition shorter than the axis',
    sample: [5, 2],
    opset: 13,
    body: (b, x) =>
      b.op(
        'Compress',
        [b.op('Tanh', [x]), b.op('Cast', [b.int64([1, 0, 1])], [attr.int('to', 9)])],
        [attr.int('axis', 1)],
      ),
  },
  {
    name: 'CenterCropPad: crop one axis, pad another (opset 18)',
    sample: [2, 5, 3],
    opset: 18,
    body: (b, x) => b.op('CenterCropPad', [x, b.int64([3, 6])], [attr.ints('axes', [2, 3])]),
  },
  {
    name: 'TopK values along the last axis, k 2 (indices unused)',
    sample: [3, 5],
    opset: 13,
    body: (b, x) => b.ops('TopK', [x, b.int64([2])], [attr.int('axis', -1)], 2)[0]!,
  },
  {
    name: 'TopK smallest along axis 1, k 2',
    sample: [4, 3],
    opset: 13,
    body: (b, x) =>
      b.ops(
        'TopK',
        [b.op('Sin', [x]), b.int64([2])],
        [attr.int('axis', 1), attr.int('largest', 0)],
        2,
      )[0]!,
  },
];
