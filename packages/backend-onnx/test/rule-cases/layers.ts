import { attr } from '../../src/graph/attributes.js';
import type { Case } from './case.js';

const int = attr.int;
const ints = attr.ints;

/** 18 sampling points in [-1.3, 1.3] (some outside the image), none on a pixel centre or a rounding tie. */
const gridPoints = Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7 + 0.3) * 1.3);

/** Normalisations and ConvTranspose. */
export const layerCases: Case[] = [
  {
    name: 'InstanceNormalization',
    sample: [3, 3, 4],
    body: (b, x, w) =>
      b.op('InstanceNormalization', [x, w([3]), w([3])], [attr.float('epsilon', 1e-3)]),
  },
  {
    name: 'InstanceNormalization 1-D',
    sample: [2, 5],
    body: (b, x, w) => b.op('InstanceNormalization', [x, w([2]), w([2])]),
  },
  {
    name: 'GroupNormalization 2 groups, scale per group (opset 18)',
    sample: [4, 2, 3],
    opset: 18,
    body: (b, x, w) => b.op('GroupNormalization', [x, w([2]), w([2])], [int('num_groups', 2)]),
  },
  {
    name: 'GroupNormalization 2 groups, scale per channel (opset 21)',
    sample: [4, 2, 3],
    opset: 21,
    // stash_type in the graph's float type: float32 statistics would cap a float64 check.
    body: (b, x, w) =>
      b.op(
        'GroupNormalization',
        [x, w([4]), w([4])],
        [int('num_groups', 2), int('stash_type', b.floatType)],
      ),
  },
  {
    // Not the default axes [0, 2, 3]: they couple the samples, which the per-sample check cannot see.
    name: 'MeanVarianceNormalization axes 2, 3',
    sample: [2, 3, 3],
    body: (b, x) => b.op('MeanVarianceNormalization', [x], [ints('axes', [2, 3])]),
  },
  {
    name: 'MeanVarianceNormalization axes 1',
    sample: [4, 2],
    body: (b, x) => b.op('MeanVarianceNormalization', [x], [ints('axes', [1])]),
  },
  {
    name: 'LpNormalization p 2 axis 1 (F.normalize)',
    sample: [3, 4],
    body: (b, x) => b.op('LpNormalization', [x], [int('axis', 1)]),
  },
  {
    name: 'LpNormalization p 1 axis -1',
    sample: [3, 4],
    body: (b, x) => b.op('LpNormalization', [x], [int('p', 1)]),
  },
  {
    name: 'ConvTranspose stride 2 pads 1 output_padding 1, bias',
    sample: [3, 4, 5],
    body: (b, x, w) =>
      b.op(
        'ConvTranspose',
        [x, w([3, 2, 3, 3]), w([2])],
        [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1]), ints('output_padding', [1, 1])],
      ),
  },
  {
    name: 'ConvTranspose groups 2, dilations 2, asymmetric pads',
    sample: [4, 3, 3],
    body: (b, x, w) =>
      b.op(
        'ConvTranspose',
        [x, w([4, 3, 2, 3])],
        [
          int('group', 2),
          ints('dilations', [2, 1]),
          ints('strides', [1, 2]),
          ints('pads', [0, 1, 1, 0]),
        ],
      ),
  },
  {
    name: 'ConvTranspose 2x2 stride 2 (U-Net up-sampling), kernel_shape',
    sample: [3, 3, 2],
    body: (b, x, w) =>
      b.op(
        'ConvTranspose',
        [x, w([3, 2, 2, 2])],
        [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
      ),
  },
  {
    name: 'ConvTranspose 1-D stride 3 output_padding 2, auto_pad VALID',
    sample: [2, 4],
    body: (b, x, w) =>
      b.op(
        'ConvTranspose',
        [x, w([2, 3, 3])],
        [ints('strides', [3]), ints('output_padding', [2]), attr.string('auto_pad', 'VALID')],
      ),
  },
  {
    name: 'LpPool p 2, 2x2 stride 2',
    sample: [2, 4, 6],
    body: (b, x) => b.op('LpPool', [x], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
  },
  {
    name: 'LpPool p 3, 3x3 stride 1 pads 1',
    sample: [2, 5, 5],
    body: (b, x) =>
      b.op('LpPool', [x], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), int('p', 3)]),
  },
  {
    name: 'MaxUnpool of MaxPool indices',
    sample: [2, 4, 6],
    body: (b, x) => {
      const [y, i] = b.ops(
        'MaxPool',
        [x],
        [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
        2,
      );
      const t = b.op('Tanh', [y!]);
      return b.op('MaxUnpool', [t, i!], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]);
    },
  },
  ...(
    [
      ['bilinear', 'zeros', 0],
      ['bilinear', 'border', 1],
      ['nearest', 'zeros', 1],
      ['bilinear', 'zeros', 1],
    ] as Array<[string, string, number]>
  ).map(
    ([mode, padding, align]): Case => ({
      name: `GridSample ${mode} ${padding} align_corners ${align} (opset 16)`,
      sample: [2, 4, 5],
      opset: 16,
      body: (b, x) => {
        const n = b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([1])]);
        const shape = b.op('Concat', [n, b.int64([3, 6, 2])], [int('axis', 0)]);
        const grid = b.op('Expand', [b.float(gridPoints, [1, 3, 6, 2]), shape]);
        const attrs = [
          attr.string('mode', mode),
          attr.string('padding_mode', padding),
          int('align_corners', align),
        ];
        return b.op('GridSample', [x, grid], attrs);
      },
    }),
  ),
  {
    name: 'LRN size 3 (odd window)',
    sample: [5, 2, 3],
    body: (b, x) =>
      b.op(
        'LRN',
        [b.op('Mul', [x, b.float(3)])],
        [int('size', 3), attr.float('alpha', 0.5), attr.float('beta', 0.75), attr.float('bias', 1)],
      ),
  },
  {
    name: 'LRN size 5 (ONNX Runtime runs odd sizes of 4-D inputs only)',
    sample: [6, 2, 2],
    body: (b, x) =>
      b.op(
        'LRN',
        [b.op('Mul', [x, b.float(3)])],
        [int('size', 5), attr.float('alpha', 0.3), attr.float('beta', 0.6), attr.float('bias', 2)],
      ),
  },
];
