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
