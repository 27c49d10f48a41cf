import { attr } from '../../src/graph/attributes.js';
import type { GraphBuilder } from '../../src/graph/builder.js';
import type { AttributeProto } from '../../src/onnx-proto.js';
import type { Case } from './case.js';

/** A com.microsoft node. */
function ms(b: GraphBuilder, op: string, inputs: string[], attrs: AttributeProto[] = []): string {
  const y = b.op(op, inputs, attrs);
  b.nodes[b.nodes.length - 1]!.domain = 'com.microsoft';
  return y;
}

const params = (v: number[]) => [attr.floats('activation_params', v)];

/** ONNX Runtime's fusions. */
export const contribCases: Case[] = [
  ...(
    [
      ['Relu', []],
      ['Tanh', []],
      ['Sigmoid', []],
      ['LeakyRelu', params([0.2])],
      ['Clip', params([-0.3, 0.5])],
      ['HardSigmoid', params([0.2, 0.5])],
    ] as Array<[string, AttributeProto[]]>
  ).map(
    ([activation, extra]): Case => ({
      name: `com.microsoft FusedConv ${activation} with a live Z`,
      sample: [2, 5, 5],
      body: (b, x, w) => {
        const z = b.op('Mul', [
          b.op('Slice', [x, b.int64([0]), b.int64([1]), b.int64([1])]),
          b.float(0.5),
        ]);
        return ms(
          b,
          'FusedConv',
          [x, w([3, 2, 3, 3]), w([3]), b.op('Concat', [z, z, z], [attr.int('axis', 1)])],
          [attr.ints('pads', [1, 1, 1, 1]), attr.string('activation', activation), ...extra],
        );
      },
    }),
  ),
  {
    name: 'com.microsoft FusedConv stride 2 no activation',
    sample: [2, 6, 5],
    body: (b, x, w) => ms(b, 'FusedConv', [x, w([3, 2, 3, 3])], [attr.ints('strides', [2, 2])]),
  },
  {
    name: 'com.microsoft Gelu',
    sample: [7],
    body: (b, x) => ms(b, 'Gelu', [b.op('Mul', [x, b.float(4)])]),
  },
  {
    name: 'com.microsoft BiasGelu',
    sample: [2, 4],
    body: (b, x, w) => ms(b, 'BiasGelu', [b.op('Mul', [x, b.float(4)]), w([4])]),
  },
  {
    name: 'com.microsoft FastGelu with a constant bias',
    sample: [2, 4],
    body: (b, x, w) => ms(b, 'FastGelu', [b.op('Mul', [x, b.float(4)]), w([4])]),
  },
  {
    name: 'com.microsoft QuickGelu alpha 1.5',
    sample: [7],
    body: (b, x) => ms(b, 'QuickGelu', [b.op('Mul', [x, b.float(4)])], [attr.float('alpha', 1.5)]),
  },
];

/** ONNX Runtime's fusions of whole blocks. */
export const contribBlockCases: Case[] = [
  {
    name: 'com.microsoft SkipLayerNormalization with bias, sum output used',
    sample: [3, 4],
    body: (b, x, w) => {
      const skip = b.op('Tanh', [x]);
      const [y, , , s] = b.ops(
        'SkipLayerNormalization',
        [x, skip, w([4]), w([4]), w([4])],
        [attr.float('epsilon', 1e-5)],
        4,
      );
      b.nodes[b.nodes.length - 1]!.domain = 'com.microsoft';
      return b.op('Add', [y!, b.op('Mul', [s!, b.float(0.3)])]);
    },
  },
  {
    name: 'com.microsoft SkipLayerNormalization, constant skip, no beta',
    sample: [3, 4],
    body: (b, x, w) => ms(b, 'SkipLayerNormalization', [x, w([3, 4]), w([4])]),
  },
  {
    name: 'com.microsoft FusedMatMul transB alpha, both live',
    sample: [3, 4],
    body: (b, x) =>
      ms(
        b,
        'FusedMatMul',
        [x, b.op('Tanh', [x])],
        [attr.int('transB', 1), attr.float('alpha', 0.5)],
      ),
  },
  {
    name: 'com.microsoft FusedMatMul transA by a constant',
    sample: [4, 3],
    body: (b, x, w) => ms(b, 'FusedMatMul', [x, w([4, 2])], [attr.int('transA', 1)]),
  },
  {
    name: 'com.microsoft BiasSoftmax axis 1 (rows of 12), bias broadcast from [4]',
    sample: [3, 4],
    body: (b, x, w) =>
      ms(b, 'BiasSoftmax', [x, w([4])], [attr.int('axis', 1), attr.int('is_inner_broadcast', 0)]),
  },
  {
    name: 'com.microsoft BiasSoftmax last axis, bias [3, 4] (an attention mask)',
    sample: [3, 4],
    body: (b, x, w) =>
      ms(
        b,
        'BiasSoftmax',
        [b.op('Mul', [x, b.float(3)]), w([3, 4])],
        [attr.int('axis', -1), attr.int('is_inner_broadcast', 0)],
      ),
  },
];
