/**
 * MaxPool's derivatives without re-running it with indices where its windows tile the input
 * (rules/max-pool.ts `tiledIndices`): the VJP's cotangent must reach exactly the element the
 * indices form picks (`XAI_GRAPH=legacy-maxpool`), the first maximum of each window in scan
 * order, ties included, and the JVP must read the tangent there; windows that do not tile
 * keep the indices form.
 */
import type { Model, Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { randn } from './helpers/directional.js';
import { expectSameValues } from './helpers/expect-same-values.js';
import { gradientUnderFlags, underFlags } from './helpers/gradient-under-flags.js';
import { tinyModel } from './helpers/tiny-model.js';

/** Values on a coarse grid, so that windows hold ties (several equal maxima). */
function tiedInput(shape: number[]): Tensor {
  const x = randn(shape, 4, 0);
  return { data: x.data.map((v) => Math.round(v)), shape };
}

const pool = (kernel: number[], strides: number[]) => [
  attr.ints('kernel_shape', kernel),
  attr.ints('strides', strides),
];

describe('MaxPool VJP over tiling windows against the indices form', () => {
  const cases: Array<[string, number[], number[], number[]]> = [
    ['2x2 windows, stride 2 (tiled)', [2, 8, 8], [2, 2], [2, 2]],
    ['3x3 windows, stride 3 (tiled)', [2, 9, 9], [3, 3], [3, 3]],
    [
      '2x2 windows over 7x7 (the last row and column left out: indices form)',
      [2, 7, 7],
      [2, 2],
      [2, 2],
    ],
    ['2x3 windows (not square: indices form)', [2, 8, 9], [2, 3], [2, 3]],
    ['2x2 windows, stride 1 (overlapping: indices form)', [2, 6, 6], [2, 2], [1, 1]],
  ];
  it.each(cases)('%s: the same input gradient, ties included', async (_n, sample, k, s) => {
    const bytes = tinyModel(sample, (b, x) => b.op('MaxPool', [x], pool(k, s)));
    const x = tiedInput([3, ...sample]);
    expectSameValues(
      await gradientUnderFlags(bytes, x, ''),
      await gradientUnderFlags(bytes, x, 'legacy-maxpool'),
    );
  });

  it.each(cases)('%s: the same JVP, ties included', async (_n, sample, k, s) => {
    const bytes = tinyModel(sample, (b, x) => b.op('MaxPool', [x], pool(k, s)));
    const x = tiedInput([3, ...sample]);
    const jvp = async (m: Model, x: Tensor) => (await m.jvp(x, randn(x.shape, 9, 2))).jvp.data;
    expectSameValues(
      await underFlags(bytes, x, '', jvp),
      await underFlags(bytes, x, 'legacy-maxpool', jvp),
    );
  });

  it('after a Conv and a ReLU, as in a CNN (ties of the ReLU zeros and of flat regions)', async () => {
    const bytes = tinyModel([1, 8, 8], (b, x, w) =>
      b.op(
        'MaxPool',
        [b.op('Relu', [b.op('Conv', [x, w([4, 1, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])])])],
        pool([2, 2], [2, 2]),
      ),
    );
    const x = tiedInput([4, 1, 8, 8]);
    x.data.fill(0.5, 0, 40); // a flat region: equal Conv outputs side by side
    expectSameValues(
      await gradientUnderFlags(bytes, x, ''),
      await gradientUnderFlags(bytes, x, 'legacy-maxpool'),
    );
  });

  it('the fixture CNN (two 2x2 pools over Fashion-MNIST images)', async () => {
    const all = loadFixtureInputs();
    const x = { data: all.data.slice(0, 6 * 784), shape: [6, 1, 28, 28] };
    const path = fixtureModelPath('cnn');
    expectSameValues(
      await gradientUnderFlags(path, x, ''),
      await gradientUnderFlags(path, x, 'legacy-maxpool'),
    );
  });
});
