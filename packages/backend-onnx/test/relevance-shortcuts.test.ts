/**
 * LRP's graph shortcuts (explanation-rules/lrp.ts): alpha-beta after a ReLU without the
 * negative half, epsilon as |z| / (|z| + eps). They must give what the general form gives
 * (`XAI_GRAPH=legacy-relevance`) on the fixtures, for input and layer passes, with the
 * ReLU rules that zero the cotangent where a ReLU's output is 0, and fall back to the
 * general form under deconvnet's rule, which does not.
 */
import { fileURLToPath } from 'node:url';
import type { BackwardRules, Model, Tensor } from '@xai/core';
import { type FixtureModelName, fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { relativeGap } from './helpers/gaps.js';

const saved = process.env.XAI_GRAPH;
afterEach(() => {
  if (saved === undefined) delete process.env.XAI_GRAPH;
  else process.env.XAI_GRAPH = saved;
});

const x: Tensor = (() => {
  const all = loadFixtureInputs();
  return { data: all.data.slice(0, 6 * 784), shape: [6, 1, 28, 28] };
})();
const u: Tensor = {
  data: Float32Array.from({ length: 60 }, (_, i) => (i % 10 === i % 7 ? 1 : 0)),
  shape: [6, 10],
};

type Pass = (variant: Model) => Promise<Float32Array>;
const inputPass: Pass = async (v) => (await v.vjp(x, u)).grad.data;
const layerPass =
  (layer: string): Pass =>
  async (v) =>
    (await v.layerVjp!(x, u, layer)).grad.data;

/** MobileNet V2's blocks in small (zoo-ci): its ReLU6 exports as Clip(0, 6) after each Conv. */
const mobilenet = fileURLToPath(new URL('./zoo-ci/tiny_mobilenet_v2.onnx', import.meta.url));
const mobileX: Tensor = randn([2, 3, 32, 32], 5, 0);
const mobileU: Tensor = randn([2, 10], 5, 1);
const mobilePass: Pass = async (v) => (await v.vjp(mobileX, mobileU)).grad.data;

/** The pass under `rules` with the graphs built under `flags` (a fresh model: no cache). */
async function run(
  model: FixtureModelName | 'tiny mobilenet v2',
  rules: BackwardRules,
  pass: Pass,
  flags: string,
) {
  if (flags) process.env.XAI_GRAPH = flags;
  else delete process.env.XAI_GRAPH;
  const m = await loadOnnxModel(
    model === 'tiny mobilenet v2' ? mobilenet : fixtureModelPath(model),
  );
  const v = await m.withBackwardRules!(rules);
  try {
    return await pass(v);
  } finally {
    await v.dispose();
    await m.dispose();
  }
}

const zPlus = { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 } as const;
const a2b1 = { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-6 } as const;
const epsilon = { kind: 'epsilon', epsilon: 0.25 } as const;

const cases: Array<[FixtureModelName | 'tiny mobilenet v2', string, BackwardRules, Pass]> = [
  ['tiny mobilenet v2', 'z+ (after Clip(0, 6))', { linear: zPlus }, mobilePass],
  ['tiny mobilenet v2', 'alpha 2 beta 1 (after Clip(0, 6))', { linear: a2b1 }, mobilePass],
  ['resnet', 'z+ (excitation backprop)', { linear: zPlus }, inputPass],
  ['resnet', 'alpha 2 beta 1', { linear: a2b1 }, inputPass],
  ['resnet', 'epsilon 0.25', { linear: epsilon }, inputPass],
  ['resnet', 'z+ with guided ReLUs', { linear: zPlus, relu: 'guided' }, inputPass],
  ['resnet', 'z+ with deconvnet ReLUs', { linear: zPlus, relu: 'deconvnet' }, inputPass],
  ['cnn', 'z+ (after max-pool and flatten)', { linear: zPlus }, inputPass],
  ['cnn', 'alpha 2 beta 1', { linear: a2b1 }, inputPass],
  ['cnn', 'epsilon 0.25', { linear: epsilon }, inputPass],
  // Layer passes that stop at a ReLU's output feeding a Conv, and at a max-pool's.
  [
    'resnet',
    'z+ down to a ReLU output',
    { linear: zPlus },
    layerPass('/blocks/blocks.0/Relu_output_0'),
  ],
  [
    'cnn',
    'z+ down to a ReLU output',
    { linear: zPlus },
    layerPass('/features/features.1/Relu_output_0'),
  ],
  [
    'cnn',
    'z+ down to a max-pool output',
    { linear: zPlus },
    layerPass('/features/features.2/MaxPool_output_0'),
  ],
];

describe("LRP's graph shortcuts give the general form's values", () => {
  it.each(cases)(
    '%s, %s',
    async (model, _, rules, pass) => {
      const fast = await run(model, rules, pass, '');
      const general = await run(model, rules, pass, 'legacy-relevance');
      // NaN (nothing to compare: all zeros, or a non-finite gap) fails too.
      expect(relativeGap(fast, general)).toBeLessThanOrEqual(1e-6);
    },
    60_000,
  );
});
