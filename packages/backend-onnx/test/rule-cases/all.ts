import { attr } from '../../src/graph/attributes.js';
import { onnx } from '../../src/onnx-proto.js';
import { randn } from '../helpers/directional.js';
import { activationCases } from './activations.js';
import { type Case, sq1 } from './case.js';
import { contribBlockCases, contribCases } from './contrib.js';
import { layerCases } from './layers.js';
import { recurrentCases } from './recurrent.js';
import { tensorCases } from './tensors.js';

const ints = attr.ints;
const int = attr.int;
const positive = (n: number, seed: number) =>
  Array.from(randn([n], seed, 7).data, (v) => 0.5 + Math.abs(v));

/** Every row of the rule table: the general cases here, then each family's table. */
export const allCases: Case[] = [
  {
    name: 'Conv with bias and pads',
    sample: [2, 5, 5],
    body: (b, x, w) => b.op('Conv', [x, w([3, 2, 3, 3]), w([3])], [ints('pads', [1, 1, 1, 1])]),
  },
  {
    name: 'Conv stride 2, odd size, asymmetric pads',
    sample: [2, 7, 8],
    body: (b, x, w) =>
      b.op('Conv', [x, w([3, 2, 3, 2])], [ints('strides', [2, 3]), ints('pads', [0, 1, 1, 0])]),
  },
  {
    name: 'Conv dilations 2, groups 2',
    sample: [4, 9, 9],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([6, 2, 3, 3])],
        [ints('dilations', [2, 2]), int('group', 2), ints('strides', [2, 2])],
      ),
  },
  {
    name: 'Conv depthwise 1-D',
    sample: [3, 10],
    body: (b, x, w) => b.op('Conv', [x, w([3, 1, 3])], [int('group', 3), ints('pads', [2, 0])]),
  },
  // Equal strides with kernel_shape, a kernel at least the stride and 16 input channels: the
  // VJP is one stride-1 Conv over s² phases and a DepthToSpace (rules/strided-adjoint.ts).
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 3x3 stride 2 pads 1, odd size',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 7, 7],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([3, 16, 3, 3])],
        [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])],
      ),
  },
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 3x3 stride 2 pads 1, even size',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 8, 6],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([3, 16, 3, 3])],
        [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])],
      ),
  },
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 7x7 stride 2 pads 3',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 11, 10],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([4, 16, 7, 7])],
        [ints('kernel_shape', [7, 7]), ints('strides', [2, 2]), ints('pads', [3, 3, 3, 3])],
      ),
  },
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 3x2 stride 2 asymmetric pads',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 7, 8],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([3, 16, 3, 2])],
        [ints('kernel_shape', [3, 2]), ints('strides', [2, 2]), ints('pads', [0, 1, 1, 0])],
      ),
  },
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 4x4 stride 2 no pads, rows no window reaches',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 9, 8],
    body: (b, x, w) =>
      b.op('Conv', [x, w([3, 16, 4, 4])], [ints('kernel_shape', [4, 4]), ints('strides', [2, 2])]),
  },
  {
    name: 'Conv strided as polyphase Conv + DepthToSpace: 3x3 stride 3 pads 2',
    // Linear: central differences are exact at any step; a wide one keeps rounding small.
    step: 0.1,
    sample: [16, 8, 10],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([2, 16, 3, 3])],
        [ints('kernel_shape', [3, 3]), ints('strides', [3, 3]), ints('pads', [2, 2, 2, 2])],
      ),
  },
  // After a Conv, Clip's rules read the mask from the output alone (the `y = x` mask under
  // XAI_GRAPH=legacy-clip, compared in legacy-graphs.test.ts).
  {
    name: 'Conv then Clip',
    sample: [2, 5, 5],
    body: (b, x, w) =>
      b.op('Clip', [
        b.op('Conv', [x, w([3, 2, 3, 3]), w([3])], [ints('pads', [1, 1, 1, 1])]),
        b.float(-1),
        b.float(1.5),
      ]),
  },
  {
    name: 'Conv then Clip with min only (ReLU-like)',
    sample: [2, 5, 5],
    body: (b, x, w) =>
      b.op('Clip', [
        b.op('Conv', [x, w([3, 2, 3, 3])], [ints('pads', [1, 1, 1, 1])]),
        b.float(0.2),
      ]),
  },
  { name: 'Relu', sample: [7], body: (b, x) => b.op('Relu', [x]) },
  {
    name: 'LeakyRelu',
    sample: [7],
    body: (b, x) => b.op('LeakyRelu', [x], [attr.float('alpha', 0.2)]),
  },
  {
    name: 'MaxPool 2x2 stride 2',
    sample: [2, 6, 6],
    body: (b, x) => b.op('MaxPool', [x], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
  },
  // From opset 16 the overlapping windows' cotangents add up in one scatter; before, in
  // classes of disjoint windows: both forms.
  ...[13, 17].flatMap((opset): Case[] => [
    {
      name: `MaxPool 3x3 stride 2 pads 1 (overlapping, opset ${opset})`,
      sample: [2, 7, 7],
      opset,
      body: (b, x) =>
        b.op(
          'MaxPool',
          [x],
          [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])],
        ),
    },
    {
      name: `MaxPool stride 1 ceil_mode dilations (opset ${opset})`,
      sample: [1, 8, 7],
      opset,
      body: (b, x) =>
        b.op(
          'MaxPool',
          [x],
          [
            ints('kernel_shape', [2, 3]),
            ints('strides', [1, 2]),
            ints('dilations', [2, 1]),
            int('ceil_mode', 1),
          ],
        ),
    },
  ]),
  {
    name: 'MaxPool 1-D',
    sample: [2, 9],
    body: (b, x) => b.op('MaxPool', [x], [ints('kernel_shape', [3]), ints('strides', [2])]),
  },
  {
    name: 'Gemm transB alpha beta',
    sample: [6],
    flatten: false,
    body: (b, x, w) =>
      b.op(
        'Gemm',
        [x, w([4, 6]), w([4])],
        [int('transB', 1), attr.float('alpha', 0.5), attr.float('beta', 2)],
      ),
  },
  {
    name: 'Gemm transA on a live A, bias broadcast from [1, 4]',
    sample: [6],
    flatten: false,
    body: (b, x, w) =>
      b.op('Gemm', [b.op('Transpose', [x]), w([6, 4]), w([1, 4])], [int('transA', 1)]),
  },
  {
    name: 'Gemm on a live B, Transpose',
    sample: [6],
    flatten: false,
    body: (b, x, w) =>
      b.op('Transpose', [
        b.op(
          'Gemm',
          [w([4, 6]), b.op('Transpose', [x], [ints('perm', [1, 0])])],
          [attr.float('alpha', 1.5)],
        ),
      ]),
  },
  {
    name: 'Add, Sub with constant broadcasting',
    sample: [3, 4],
    body: (b, x, w) => b.op('Sub', [w([4]), b.op('Add', [x, w([3, 1])])]),
  },
  {
    name: 'Mul and Div with both operands live and broadcast',
    sample: [3, 2, 2],
    body: (b, x) => {
      const g = b.op('GlobalAveragePool', [x]);
      const m = b.op('Mul', [x, g]);
      return b.op('Div', [m, b.op('Add', [b.op('Mul', [g, g]), b.float(1)])]);
    },
  },
  {
    name: 'a tensor used twice (residual) and Identity, Dropout',
    sample: [5],
    body: (b, x) => {
      const r = b.op('Relu', [b.op('Identity', [x])]);
      return b.op('Add', [b.op('Dropout', [r]), b.op('Mul', [x, b.float(0.5)])]);
    },
  },
  {
    name: 'BatchNormalization',
    sample: [3, 2, 2],
    body: (b, x, w) =>
      b.op(
        'BatchNormalization',
        [x, w([3]), w([3]), w([3]), b.float(positive(3, 4), [3])],
        [attr.float('epsilon', 1e-3)],
      ),
  },
  {
    name: 'BatchNormalization on [N, C]',
    sample: [4],
    body: (b, x, w) =>
      b.op('BatchNormalization', [x, w([4]), w([4]), w([4]), b.float(positive(4, 5), [4])]),
  },
  {
    name: 'GlobalAveragePool',
    sample: [3, 3, 4],
    body: (b, x) => b.op('GlobalAveragePool', [x]),
  },
  {
    name: 'Reshape by a shape computed from Shape/Gather/Concat',
    sample: [2, 3, 2],
    body: (b, x) => {
      const n = b.op('Gather', [b.op('Shape', [x]), b.int64([0])], [int('axis', 0)]);
      const shape = b.op('Concat', [n, b.int64([3, -1])], [int('axis', 0)]);
      return b.op('Relu', [b.op('Reshape', [x, shape])]);
    },
  },

  // Smooth elementwise ops (positive arguments made with x^2 + 1 where needed).
  ...(
    [
      ['Sigmoid', (b, x) => b.op('Sigmoid', [x])],
      ['Tanh', (b, x) => b.op('Tanh', [x])],
      ['Exp', (b, x) => b.op('Exp', [x])],
      ['Log, Mul', (b, x) => b.op('Log', [sq1(b, x)])],
      ['Sqrt', (b, x) => b.op('Sqrt', [sq1(b, x)])],
      ['Reciprocal', (b, x) => b.op('Reciprocal', [sq1(b, x)])],
      ['Neg', (b, x) => b.op('Neg', [x])],
      ['Abs', (b, x) => b.op('Abs', [x])],
      ['Softplus', (b, x) => b.op('Softplus', [x])],
      ['Erf', (b, x) => b.op('Erf', [b.op('Mul', [x, b.float(3)])])],
      ['Clip', (b, x) => b.op('Clip', [x, b.float(-0.3), b.float(0.4)])],
      ['Clip with max only', (b, x) => b.op('Clip', [x, '', b.float(0.4)])],
      ['HardSigmoid', (b, x) => b.op('HardSigmoid', [b.op('Mul', [x, b.float(8)])])],
      ['Pow float exponent', (b, x) => b.op('Pow', [sq1(b, x), b.float(1.5)])],
      ['Pow int64 exponent', (b, x) => b.op('Pow', [x, b.int64(3, [])])],
      ['PRelu', (b, x) => b.op('PRelu', [x, b.float([0.1, 0.2, 0.3, -0.4, 0.5, 0.6, 0.7], [7])])],
    ] as Array<[string, Case['body']]>
  ).map(([name, body]): Case => ({ name, sample: [7], body })),
  {
    name: 'HardSwish (opset 14)',
    sample: [7],
    opset: 14,
    body: (b, x) => b.op('HardSwish', [b.op('Mul', [x, b.float(7)])]),
  },
  {
    name: 'Softmax axis -1',
    sample: [3, 4],
    body: (b, x) => b.op('Softmax', [b.op('Mul', [x, b.float(4)])]),
  },
  {
    name: 'Softmax opset 11 (2-D coercion at axis 1)',
    sample: [2, 3, 2],
    opset: 11,
    body: (b, x) => b.op('Softmax', [x], [int('axis', 1)]),
  },
  {
    name: 'LogSoftmax axis 1',
    sample: [3, 4],
    body: (b, x) => b.op('LogSoftmax', [b.op('Mul', [x, b.float(4)])], [int('axis', 1)]),
  },
  {
    name: 'ReduceMean axes attribute, keepdims 0',
    sample: [3, 4, 2],
    body: (b, x) => b.op('ReduceMean', [x], [ints('axes', [2]), int('keepdims', 0)]),
  },
  {
    name: 'ReduceMean over all but batch (opset 18, axes input)',
    sample: [3, 4],
    opset: 18,
    body: (b, x) => b.op('ReduceMean', [b.op('Mul', [x, x]), b.int64([1, 2])]),
  },
  {
    name: 'ReduceSum axes input, keepdims 1',
    sample: [3, 4],
    body: (b, x) => b.op('Mul', [x, b.op('ReduceSum', [x, b.int64([1])])]),
  },
  {
    name: 'Concat of live and constant parts',
    sample: [2, 3],
    body: (b, x, w) => {
      const n = b.op('Gather', [b.op('Shape', [x]), b.int64([0])]);
      const c = b.op('Expand', [
        w([1, 1, 3]),
        b.op('Concat', [n, b.int64([1, 3])], [int('axis', 0)]),
      ]);
      return b.op('Concat', [x, c, b.op('Tanh', [x])], [int('axis', 1)]);
    },
  },
  {
    name: 'Split (opset 13 split input), one output unused',
    sample: [5],
    body: (b, x) => {
      const [p, q] = b.ops('Split', [x, b.int64([2, 3])], [int('axis', 1)], 3 - 1);
      return b.op('Concat', [b.op('Tanh', [q!]), p!], [int('axis', 1)]);
    },
  },
  {
    name: 'Split, second output only',
    sample: [6],
    body: (b, x) => b.ops('Split', [x], [int('axis', 1)], 2)[1]!,
  },
  {
    name: 'Slice with steps 2',
    sample: [3, 8],
    body: (b, x) => b.op('Slice', [x, b.int64([1]), b.int64([8]), b.int64([2]), b.int64([2])]),
  },
  {
    name: 'Slice reversed with negative steps',
    sample: [8],
    body: (b, x) => b.op('Slice', [x, b.int64([-1]), b.int64([-100]), b.int64([1]), b.int64([-3])]),
  },
  // Steps of 1: the cotangent padded back (tensor-ops.ts sliceStepOneVjp).
  {
    name: 'Slice steps 1: a negative start, an end past the axis, a negative axis',
    sample: [3, 8],
    body: (b, x) => b.op('Slice', [x, b.int64([-5]), b.int64([100]), b.int64([-1]), b.int64([1])]),
  },
  {
    name: 'Slice without axes or steps: all three axes, every row kept',
    sample: [4, 6],
    body: (b, x) => b.op('Slice', [x, b.int64([0, 1, 2]), b.int64([100, 3, -1])]),
  },
  {
    name: 'Slice by int32 starts, ends and axes',
    sample: [4, 6],
    body: (b, x) => {
      const i32 = (name: string, v: number[]) => {
        b.initializers.push(
          onnx.TensorProto.create({
            name,
            dataType: onnx.TensorProto.DataType.INT32,
            dims: [v.length],
            int32Data: v,
          }),
        );
        return name;
      };
      return b.op('Slice', [x, i32('s32', [1, -4]), i32('e32', [3, 5]), i32('a32', [1, 2])]);
    },
  },
  {
    name: 'Slice by an end read from the shape (the third of an axis, as a chunk)',
    sample: [9, 2],
    body: (b, x) => {
      const third = b.op('Div', [
        b.op('Slice', [b.op('Shape', [x]), b.int64([1]), b.int64([2])]),
        b.int64([3]),
      ]);
      return b.op('Slice', [x, third, b.op('Mul', [third, b.int64([2])]), b.int64([1])]);
    },
  },
  {
    name: 'Slice an empty range (end before start)',
    sample: [5, 2],
    body: (b, x) =>
      b.op(
        'Concat',
        [b.op('Slice', [x, b.int64([3]), b.int64([1]), b.int64([1])]), x],
        [int('axis', 1)],
      ),
  },
  {
    name: 'Gather distinct indices',
    sample: [5, 2],
    body: (b, x) => b.op('Gather', [x, b.int64([3, 0, 2])], [int('axis', 1)]),
  },
  // One constant index: the cotangent padded around it (tensor-ops.ts gatherOneVjp).
  {
    name: 'Gather one scalar index in the middle of an axis',
    sample: [5, 3],
    body: (b, x) => b.op('Gather', [x, b.int64(2, [])], [int('axis', 1)]),
  },
  {
    name: 'Gather one negative scalar index on the last axis, counted from the end',
    sample: [3, 4],
    body: (b, x) => b.op('Gather', [x, b.int64(-1, [])], [int('axis', -1)]),
  },
  {
    name: 'Gather a one-element index list (the axis kept, of size 1)',
    sample: [4, 2],
    body: (b, x) => b.op('Gather', [x, b.int64([1])], [int('axis', 2)]),
  },
  {
    name: 'Gather one index shaped [1, 1] (two new axes: the general form)',
    sample: [4, 3],
    body: (b, x) => b.op('Gather', [x, b.int64([2], [1, 1])], [int('axis', 1)]),
  },
  {
    name: 'Gather one scalar index at opset 11 (Unsqueeze by attribute)',
    sample: [4, 3],
    opset: 11,
    body: (b, x) => b.op('Gather', [x, b.int64(0, [])], [int('axis', 1)]),
  },
  {
    name: 'Gather repeated indices (opset 16 adds)',
    sample: [5],
    opset: 16,
    body: (b, x) => b.op('Gather', [x, b.int64([1, 1, 4, 1])], [int('axis', 1)]),
  },
  {
    name: 'Pad constant with a value',
    sample: [2, 3],
    body: (b, x) => b.op('Pad', [x, b.int64([0, 1, 0, 0, 0, 2]), b.float(0.5)]),
  },
  {
    name: 'Pad edge (opset 16)',
    sample: [2, 3],
    opset: 16,
    body: (b, x) => b.op('Pad', [x, b.int64([0, 0, 2, 0, 0, 1])], [attr.string('mode', 'edge')]),
  },
  {
    name: 'Pad reflect (opset 18)',
    sample: [4],
    opset: 18,
    body: (b, x) => b.op('Pad', [x, b.int64([0, 2, 0, 3])], [attr.string('mode', 'reflect')]),
  },
  {
    name: 'Expand',
    sample: [3, 1],
    body: (b, x) => b.op('Expand', [x, b.int64([1, 3, 4])]),
  },
  {
    name: 'Where with both branches live',
    sample: [6],
    body: (b, x) =>
      b.op('Where', [
        b.op('Greater', [x, b.float(0)]),
        b.op('Tanh', [x]),
        b.op('Mul', [x, b.float(0.1)]),
      ]),
  },
  {
    name: 'Where with a constant branch',
    sample: [6],
    body: (b, x, w) => b.op('Where', [b.op('Greater', [x, b.float(0)]), w([1]), x]),
  },
  {
    name: 'Cast to the float type, and a Cast to int64 for a shape',
    sample: [2, 3],
    body: (b, x) => {
      const f = b.op('Cast', [x], [int('to', b.floatType)]);
      const shape = b.op('Cast', [b.op('Shape', [x])], [int('to', 7)]);
      return b.op('Reshape', [f, shape]);
    },
  },
  {
    name: 'MatMul by a constant',
    sample: [3, 4],
    body: (b, x, w) => b.op('MatMul', [x, w([4, 5])]),
  },
  {
    name: 'MatMul batched, both live (x x^T)',
    sample: [2, 3],
    body: (b, x) => b.op('MatMul', [x, b.op('Transpose', [x], [ints('perm', [0, 2, 1])])]),
  },
  {
    name: 'MatMul broadcast constant on the left',
    sample: [4, 2],
    body: (b, x, w) => b.op('MatMul', [w([3, 4]), x]),
  },
  {
    name: 'Unsqueeze and Squeeze (opset 13 axes inputs)',
    sample: [3, 1, 2],
    body: (b, x) =>
      b.op('Unsqueeze', [b.op('Tanh', [b.op('Squeeze', [x, b.int64([2])])]), b.int64([1])]),
  },
  {
    name: 'AveragePool 2x2 stride 2',
    sample: [2, 4, 6],
    body: (b, x) =>
      b.op('AveragePool', [x], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
  },
  {
    name: 'AveragePool 3x3 stride 1 pads 1 count_include_pad',
    sample: [2, 5, 5],
    body: (b, x) =>
      b.op(
        'AveragePool',
        [x],
        [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), int('count_include_pad', 1)],
      ),
  },
  {
    name: 'AveragePool 3x3 stride 2 pads 1 excluding pads, odd size',
    sample: [1, 7, 6],
    body: (b, x) =>
      b.op(
        'AveragePool',
        [x],
        [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 0, 1, 1])],
      ),
  },
  {
    name: 'AveragePool 1-D',
    sample: [2, 9],
    body: (b, x) => b.op('AveragePool', [x], [ints('kernel_shape', [3]), ints('strides', [2])]),
  },
  {
    name: 'LayerNormalization last axis (opset 17)',
    sample: [3, 4],
    opset: 17,
    body: (b, x, w) => b.op('LayerNormalization', [x, w([4]), w([4])]),
  },
  {
    name: 'LayerNormalization from axis 1, no bias (opset 17)',
    sample: [2, 3, 2],
    opset: 17,
    body: (b, x, w) => b.op('LayerNormalization', [x, w([2, 3, 2])], [int('axis', 1)]),
  },
  {
    name: 'LayerNorm decomposed (ReduceMean, Sub, Pow, Sqrt, Div)',
    sample: [2, 5],
    body: (b, x) => {
      const c = b.op('Sub', [x, b.op('ReduceMean', [x], [ints('axes', [-1])])]);
      const v = b.op('ReduceMean', [b.op('Pow', [c, b.float(2)])], [ints('axes', [-1])]);
      return b.op('Div', [c, b.op('Sqrt', [b.op('Add', [v, b.float(1e-5)])])]);
    },
  },
  {
    name: 'opset 11: Conv, bias Add, scalar Mul, Relu, MaxPool',
    sample: [2, 5, 5],
    opset: 11,
    body: (b, x, w) => {
      const c = b.op('Conv', [x, w([3, 2, 3, 3])], [ints('pads', [1, 1, 1, 1])]);
      const r = b.op('Relu', [b.op('Mul', [b.op('Add', [c, w([3, 1, 1])]), b.float(0.5)])]);
      return b.op('MaxPool', [r], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]);
    },
  },
  {
    name: 'Conv 3x3 pads 1 on a 2x2 input',
    sample: [3, 2, 2],
    body: (b, x, w) => b.op('Conv', [x, w([4, 3, 3, 3])], [ints('pads', [1, 1, 1, 1])]),
  },
  {
    name: 'Conv 3x3 pads 1 on a 1x1 input',
    sample: [3, 1, 1],
    body: (b, x, w) => b.op('Conv', [x, w([4, 3, 3, 3])], [ints('pads', [1, 1, 1, 1])]),
  },
  {
    name: 'AveragePool 3x3 stride 1 pads 1 on a 1x1 input',
    sample: [3, 1, 1],
    body: (b, x) =>
      b.op('AveragePool', [x], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])]),
  },
  // With kernel_shape and stride 1 the VJP is a Conv with adjoint weights (not ConvTranspose).
  {
    name: 'Conv stride 1 as an adjoint Conv: kernel_shape, bias, asymmetric pads',
    sample: [2, 5, 6],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([3, 2, 3, 2]), w([3])],
        [ints('kernel_shape', [3, 2]), ints('pads', [1, 0, 2, 1])],
      ),
  },
  {
    name: 'Conv stride 1 as an adjoint Conv: groups 2, dilations 2, 2 outputs per group',
    sample: [4, 9, 8],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([4, 2, 3, 3])],
        [
          ints('kernel_shape', [3, 3]),
          int('group', 2),
          ints('dilations', [2, 1]),
          ints('pads', [2, 1, 1, 1]),
        ],
      ),
  },
  {
    name: 'Conv stride 1 as an adjoint Conv: depthwise x2 multiplier, 1-D',
    sample: [3, 10],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([6, 1, 3])],
        [ints('kernel_shape', [3]), int('group', 3), ints('pads', [1, 1])],
      ),
  },
  {
    name: 'Conv stride 1, padding wider than the kernel (ConvTranspose fallback)',
    sample: [2, 4, 4],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([2, 2, 2, 2])],
        [ints('kernel_shape', [2, 2]), ints('pads', [2, 0, 0, 2])],
      ),
  },
  {
    name: 'Conv 1x1 as an adjoint Conv (bottleneck)',
    sample: [5, 3, 3],
    body: (b, x, w) => b.op('Conv', [x, w([4, 5, 1, 1])], [ints('kernel_shape', [1, 1])]),
  },
  {
    name: 'Conv auto_pad SAME_UPPER stride 2, odd size',
    sample: [2, 7, 6],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([3, 2, 3, 2]), w([3])],
        [attr.string('auto_pad', 'SAME_UPPER'), ints('strides', [2, 2])],
      ),
  },
  {
    // ONNX Runtime refuses dilations with SAME padding, so none here.
    name: 'Conv auto_pad SAME_LOWER stride 2, even kernel',
    sample: [2, 6, 5],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([2, 2, 2, 4])],
        [attr.string('auto_pad', 'SAME_LOWER'), ints('strides', [2, 3])],
      ),
  },
  {
    name: 'Conv auto_pad VALID',
    sample: [2, 6, 6],
    body: (b, x, w) =>
      b.op(
        'Conv',
        [x, w([2, 2, 3, 3])],
        [attr.string('auto_pad', 'VALID'), ints('strides', [2, 2])],
      ),
  },
  {
    name: 'MaxPool auto_pad SAME_UPPER',
    sample: [2, 5, 5],
    body: (b, x) =>
      b.op(
        'MaxPool',
        [x],
        [
          ints('kernel_shape', [2, 2]),
          ints('strides', [2, 2]),
          attr.string('auto_pad', 'SAME_UPPER'),
        ],
      ),
  },
  {
    name: 'AveragePool ceil_mode, pads, excluding pads',
    sample: [2, 6, 7],
    body: (b, x) =>
      b.op(
        'AveragePool',
        [x],
        [
          ints('kernel_shape', [3, 3]),
          ints('strides', [2, 2]),
          ints('pads', [1, 0, 1, 1]),
          int('ceil_mode', 1),
        ],
      ),
  },
  {
    name: 'AveragePool ceil_mode count_include_pad',
    sample: [2, 6, 7],
    body: (b, x) =>
      b.op(
        'AveragePool',
        [x],
        [
          ints('kernel_shape', [3, 2]),
          ints('strides', [2, 2]),
          ints('pads', [1, 1, 0, 0]),
          int('ceil_mode', 1),
          int('count_include_pad', 1),
        ],
      ),
  },
  {
    name: 'AveragePool auto_pad SAME_LOWER',
    sample: [2, 5, 6],
    body: (b, x) =>
      b.op(
        'AveragePool',
        [x],
        [
          ints('kernel_shape', [3, 3]),
          ints('strides', [2, 2]),
          attr.string('auto_pad', 'SAME_LOWER'),
        ],
      ),
  },
  {
    name: 'ReduceMax over spatial axes, keepdims 0',
    sample: [3, 4, 5],
    body: (b, x) => b.op('ReduceMax', [x], [ints('axes', [2, 3]), int('keepdims', 0)]),
  },
  {
    name: 'ReduceMin axis 1 (opset 18, axes input)',
    sample: [3, 4],
    opset: 18,
    body: (b, x) => b.op('ReduceMin', [x, b.int64([1])], [int('keepdims', 1)]),
  },
  {
    name: 'GlobalMaxPool',
    sample: [3, 4, 5],
    body: (b, x) => b.op('GlobalMaxPool', [x]),
  },
  {
    name: 'Resize linear half_pixel x2 (scales)',
    sample: [2, 3, 4],
    body: (b, x) =>
      b.op(
        'Resize',
        [x, b.float32([], [0]), b.float32([1, 1, 2, 2])],
        [attr.string('mode', 'linear')],
      ),
  },
  {
    name: 'Resize linear align_corners down (sizes)',
    sample: [2, 7, 6],
    body: (b, x) =>
      b.op(
        'Resize',
        [
          x,
          b.float32([], [0]),
          b.float32([], [0]),
          b.op(
            'Concat',
            [b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([2])]), b.int64([4, 3])],
            [int('axis', 0)],
          ),
        ],
        [
          attr.string('mode', 'linear'),
          attr.string('coordinate_transformation_mode', 'align_corners'),
        ],
      ),
  },
  {
    name: 'Resize nearest asymmetric floor x2.5',
    sample: [2, 3, 2],
    body: (b, x) =>
      b.op(
        'Resize',
        [x, b.float32([], [0]), b.float32([1, 1, 2.5, 2.5])],
        [
          attr.string('mode', 'nearest'),
          attr.string('coordinate_transformation_mode', 'asymmetric'),
          attr.string('nearest_mode', 'floor'),
        ],
      ),
  },
  {
    name: 'Resize cubic pytorch_half_pixel (opset 11)',
    sample: [2, 4, 3],
    opset: 11,
    body: (b, x) =>
      b.op(
        'Resize',
        [x, b.float32([], [0]), b.float32([1, 1, 1.5, 2])],
        [
          attr.string('mode', 'cubic'),
          attr.string('coordinate_transformation_mode', 'pytorch_half_pixel'),
          attr.float('cubic_coeff_a', -0.75),
        ],
      ),
  },
  {
    name: 'Upsample nearest x2, x3 (opset 9)',
    sample: [2, 3, 4],
    opset: 9,
    body: (b, x) =>
      b.op('Upsample', [x, b.float32([1, 1, 2, 3])], [attr.string('mode', 'nearest')]),
  },
  {
    name: 'Upsample linear x2, x1.5 (opset 9, scales input)',
    sample: [2, 3, 4],
    opset: 9,
    body: (b, x) =>
      b.op('Upsample', [x, b.float32([1, 1, 2, 1.5])], [attr.string('mode', 'linear')]),
  },
  {
    name: 'Resize linear x1.5, x2 (opset 10)',
    sample: [2, 3, 3],
    opset: 10,
    body: (b, x) => b.op('Resize', [x, b.float32([1, 1, 1.5, 2])], [attr.string('mode', 'linear')]),
  },
  ...activationCases,
  ...tensorCases,
  ...layerCases,
  ...contribCases,
  ...contribBlockCases,
  ...recurrentCases,
];
