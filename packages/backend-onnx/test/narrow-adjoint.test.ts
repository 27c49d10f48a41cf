/**
 * A stride-1 Conv of at most 4 input channels (a first layer) gets its adjoint as
 * ConvTranspose (rules/conv.ts `narrowInput`), not as the flipped-kernel Conv that ONNX
 * Runtime pads to a whole channel block: the same input gradient as that Conv
 * (`XAI_GRAPH=legacy-narrow`), within float rounding, including dilated, grouped and padded
 * first layers and the fixtures' first layers.
 */
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { onnx } from '../src/onnx-proto.js';
import { convRule } from '../src/rules/conv.js';
import { randn } from './helpers/directional.js';
import { gradientUnderFlags } from './helpers/gradient-under-flags.js';
import { tinyModel } from './helpers/tiny-model.js';

function expectClose(now: Float32Array, before: Float32Array) {
  let maxAbs = 0;
  let maxDiff = 0;
  for (let i = 0; i < now.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(before[i]!));
    maxDiff = Math.max(maxDiff, Math.abs(now[i]! - before[i]!));
  }
  expect(maxAbs).toBeGreaterThan(0);
  expect(maxDiff).toBeLessThanOrEqual(1e-6 * maxAbs);
}

describe('the adjoint of a Conv with few input channels as ConvTranspose', () => {
  const conv = (
    inC: number,
    outC: number,
    attrs: ReturnType<typeof attr.ints>[],
    group = 1,
  ): Uint8Array =>
    tinyModel([inC, 10, 10], (b, x, w) =>
      b.op('Relu', [
        b.op(
          'Conv',
          [x, w([outC, inC / group, 3, 3])],
          [attr.ints('kernel_shape', [3, 3]), ...attrs, attr.int('group', group)],
        ),
      ]),
    );
  const cases: Array<[string, Uint8Array, number]> = [
    ['1 channel, padded', conv(1, 6, [attr.ints('pads', [1, 1, 1, 1])]), 1],
    ['3 channels, unpadded', conv(3, 5, []), 3],
    [
      '3 channels, dilated 2, uneven pads',
      conv(3, 4, [attr.ints('dilations', [2, 2]), attr.ints('pads', [2, 1, 0, 2])]),
      3,
    ],
    ['4 channels in 2 groups', conv(4, 6, [attr.ints('pads', [1, 1, 1, 1])], 2), 4],
    ['8 channels (not narrow: the Conv form)', conv(8, 4, [attr.ints('pads', [1, 1, 1, 1])]), 8],
  ];
  it.each(cases)('%s: the input gradient of the Conv form', async (_n, bytes, channels) => {
    const x = randn([3, channels, 10, 10], 2, 0);
    expectClose(
      await gradientUnderFlags(bytes, x, ''),
      await gradientUnderFlags(bytes, x, 'legacy-narrow'),
    );
  });

  it.each(['cnn', 'resnet'] as const)('the fixture %s (a 1-channel first layer)', async (name) => {
    const all = loadFixtureInputs();
    const x = { data: all.data.slice(0, 6 * 784), shape: [6, 1, 28, 28] };
    const path = fixtureModelPath(name);
    expectClose(
      await gradientUnderFlags(path, x, ''),
      await gradientUnderFlags(path, x, 'legacy-narrow'),
    );
  });
});

describe('which Convs take the ConvTranspose adjoint', () => {
  /** The op types of a stride-1 3x3 Conv's VJP, its weights `[M, C/g, 3, 3]` known or not. */
  function adjointOps(weights: number[] | undefined, group = 1): string[] {
    const b = new GraphBuilder(17, FLOAT, ['x', 'w', 'dy'], 'test');
    const node = onnx.NodeProto.create({
      opType: 'Conv',
      input: ['x', 'w'],
      output: ['y'],
      attribute: [
        attr.ints('kernel_shape', [3, 3]),
        attr.ints('pads', [1, 1, 1, 1]),
        attr.int('group', group),
      ],
    });
    const initializers = new Map(weights ? [['w', weights]] : []);
    convRule.vjp(node, ['dy'], { b, active: [true, false], initializers });
    return b.nodes.map((n) => n.opType!);
  }

  it('up to 4 input channels (over all groups): ConvTranspose', () => {
    expect(adjointOps([16, 1, 3, 3])).toContain('ConvTranspose');
    expect(adjointOps([16, 3, 3, 3])).toContain('ConvTranspose');
    expect(adjointOps([8, 2, 3, 3], 2)).toContain('ConvTranspose');
  });

  it('more channels, unknown weights, or legacy-narrow: the flipped-kernel Conv', () => {
    for (const ops of [
      adjointOps([16, 8, 3, 3]),
      adjointOps([8, 3, 3, 3], 2),
      adjointOps(undefined),
    ]) {
      expect(ops).toContain('Conv');
      expect(ops).not.toContain('ConvTranspose');
    }
    process.env.XAI_GRAPH = 'legacy-narrow';
    try {
      expect(adjointOps([16, 1, 3, 3])).not.toContain('ConvTranspose');
    } finally {
      delete process.env.XAI_GRAPH;
    }
  });
});
