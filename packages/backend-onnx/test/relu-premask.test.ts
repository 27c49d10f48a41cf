/**
 * A MaxPool after a ReLU zeroes its cotangent where the window's maximum is 0, at the pool
 * output's size, and the ReLU's gradient rule then passes it on unmasked (RuleContext
 * `reluPremask`): the same numbers as the ReLU's own mask (`XAI_GRAPH=legacy-premask`) for
 * the gradient and guided backprop; deconvnet's ReLU and a layer pass stopping at the
 * ReLU's output must not get it (their results would change). The JVP's counterpart
 * (`reluPostmask`): the pool masks the tangent it gathers, where the ReLU's tangent goes to
 * the pool alone.
 */
import type { Model, Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { explanationVjp } from '../src/explanation-rules/backward.js';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { maxPoolRule } from '../src/rules/max-pool.js';
import { reluRule } from '../src/rules/relu.js';
import { randn } from './helpers/directional.js';
import { expectSameValues } from './helpers/expect-same-values.js';
import { gradientUnderFlags, seededCotangent, underFlags } from './helpers/gradient-under-flags.js';
import { tinyModel } from './helpers/tiny-model.js';

const pools = {
  'tiling 2x2 windows': [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])],
  'overlapping 3x3 windows, stride 2, padded (indices form)': [
    attr.ints('kernel_shape', [3, 3]),
    attr.ints('strides', [2, 2]),
    attr.ints('pads', [1, 1, 1, 1]),
  ],
};

/** Conv -> ReLU (its output named in `relu`) -> MaxPool, and an input with a flat region. */
function convReluPool(pool: (typeof pools)[keyof typeof pools]) {
  let relu = '';
  const bytes = tinyModel([1, 8, 8], (b, x, w) => {
    relu = b.op('Relu', [b.op('Conv', [x, w([4, 1, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])])]);
    return b.op('MaxPool', [relu], pool);
  });
  const x = randn([4, 1, 8, 8], 5, 0);
  x.data.fill(0.5, 0, 40); // equal Conv outputs side by side: ties among positive maxima
  return { bytes, x, relu };
}

/** The JVP on the logits for a seeded tangent. */
const tangentPass = async (m: Model, x: Tensor) => (await m.jvp(x, randn(x.shape, 9, 2))).jvp.data;

const withRelu = (relu: 'guided' | 'deconvnet') => async (m: Model, x: Tensor) => {
  const variant = await m.withBackwardRules!({ relu });
  try {
    return (await variant.vjp(x, seededCotangent(m, x.shape[0]!))).grad.data;
  } finally {
    await variant.dispose!();
  }
};

describe('ReLU mask applied by the MaxPool after it', () => {
  describe.each(Object.entries(pools))('%s', (_name, pool) => {
    const { bytes, x, relu } = convReluPool(pool);

    it('gives the input gradient of the ReLU mask', async () => {
      expectSameValues(
        await gradientUnderFlags(bytes, x, ''),
        await gradientUnderFlags(bytes, x, 'legacy-premask'),
      );
    });

    it('gives guided backprop its values', async () => {
      expectSameValues(
        await underFlags(bytes, x, '', withRelu('guided')),
        await underFlags(bytes, x, 'legacy-premask', withRelu('guided')),
      );
    });

    it("leaves deconvnet's ReLU (which passes positive cotangents through zeros) alone", async () => {
      expectSameValues(
        await underFlags(bytes, x, '', withRelu('deconvnet')),
        await underFlags(bytes, x, 'legacy-premask', withRelu('deconvnet')),
      );
    });

    it("leaves a layer pass that stops at the ReLU's output alone", async () => {
      const layer = async (m: Model, x: Tensor) =>
        (await m.layerVjp!(x, seededCotangent(m, x.shape[0]!), relu)).grad.data;
      expectSameValues(
        await underFlags(bytes, x, '', layer),
        await underFlags(bytes, x, 'legacy-premask', layer),
      );
    });
  });

  it.each(Object.entries(pools))(
    'JVP, %s: the pool masks what it reads, the same tangent',
    async (_name, pool) => {
      const { bytes, x } = convReluPool(pool);
      expectSameValues(
        await underFlags(bytes, x, '', tangentPass),
        await underFlags(bytes, x, 'legacy-premask', tangentPass),
      );
    },
  );

  it('JVP: a ReLU whose output also feeds another op keeps its own mask', async () => {
    const pool = pools['tiling 2x2 windows'];
    const bytes = tinyModel([1, 8, 8], (b, x, w) => {
      const relu = b.op('Relu', [
        b.op('Conv', [x, w([4, 1, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])]),
      ]);
      return b.op('Add', [b.op('MaxPool', [relu], pool), b.op('AveragePool', [relu], pool)]);
    });
    const x = randn([4, 1, 8, 8], 5, 0);
    expectSameValues(
      await underFlags(bytes, x, '', tangentPass),
      await underFlags(bytes, x, 'legacy-premask', tangentPass),
    );
  });

  it('the fixture CNN (Conv, ReLU and a 2x2 pool, twice; a dense ReLU without a pool)', async () => {
    const all = loadFixtureInputs();
    const x = { data: all.data.slice(0, 6 * 784), shape: [6, 1, 28, 28] };
    const path = fixtureModelPath('cnn');
    expectSameValues(
      await gradientUnderFlags(path, x, ''),
      await gradientUnderFlags(path, x, 'legacy-premask'),
    );
    expectSameValues(
      await underFlags(path, x, '', withRelu('guided')),
      await underFlags(path, x, 'legacy-premask', withRelu('guided')),
    );
    expectSameValues(
      await underFlags(path, x, '', tangentPass),
      await underFlags(path, x, 'legacy-premask', tangentPass),
    );
  });

  it("masks at the pool's output and leaves the ReLU no node to add", () => {
    const b = new GraphBuilder(13, FLOAT, ['c', 'r', 'p', 'dp']);
    const relu = { opType: 'Relu', input: ['c'], output: ['r'] };
    const pool = {
      opType: 'MaxPool',
      input: ['r'],
      output: ['p'],
      attribute: pools['tiling 2x2 windows'],
    };
    const reluPremask = { applies: (t: string) => t === 'r', done: new Set<string>() };
    const shapes = new Map([['r', [2, 4, 8, 8]]]);
    const [dr] = maxPoolRule.vjp(pool, ['dp'], { b, active: [true], shapes, reluPremask });
    const before = b.nodes.length;
    const [dc] = reluRule.vjp(relu, [dr], { b, active: [true], reluPremask });
    expect(dc).toBe(dr);
    expect(b.nodes.length).toBe(before);
    const greater = b.nodes.filter((n) => n.opType === 'Greater').map((n) => n.input?.[0]);
    expect(greater).toEqual(['p']);
    // Guided backprop's ReLU on the same cotangent: only its own sign is left to test.
    const path = { nodes: [relu, pool], live: new Set(['c', 'r', 'p']), needed: new Set(['p']) };
    const guided = explanationVjp(path, { relu: 'guided' })(relu, [dr], {
      b,
      active: [true],
      reluPremask,
    });
    expect(b.nodes.at(-1)).toMatchObject({ opType: 'Relu', input: [dr], output: guided });
  });
});
