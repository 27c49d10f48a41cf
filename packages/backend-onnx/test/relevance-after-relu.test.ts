/**
 * LRP rules on a layer that feeds one ReLU (explanation-rules/relevance-after-relu.ts): the
 * ReLU's output y in place of the layer's z (`y dy`, `y / (y + eps)`) replaces both the
 * ReLU's mask and z. It must give the general form's values (`XAI_GRAPH=legacy-relevance`)
 * and stay out where it would not: z read by more than the ReLU, ReLU rules other than the
 * gradient's, a layer pass that stops at z.
 */
import type { BackwardRules, Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { buildVjpGraph } from '../src/autodiff/build.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { relativeGap } from './helpers/gaps.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

const saved = process.env.XAI_GRAPH;
afterEach(() => {
  if (saved === undefined) delete process.env.XAI_GRAPH;
  else process.env.XAI_GRAPH = saved;
});

const epsilon = { linear: { kind: 'epsilon', epsilon: 0.25 } } as const;
const lrpRules = [
  ['epsilon', epsilon],
  ['z+', { linear: { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 } }],
  ['alpha 2 beta 1', { linear: { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-6 } }],
  ['gamma', { linear: { kind: 'gamma', gamma: 0.25, stabilizer: 1e-6 } }],
] as const;
const same = [attr.ints('pads', [1, 1, 1, 1])];

/** Conv -> Relu -> Conv; with `alsoZ`, the first Conv's output is also added to the ReLU's. */
const convReluConv = (alsoZ: boolean) =>
  tinyModel([2, 6, 6], (b, x, w) => {
    const z = b.op('Conv', [x, w([3, 2, 3, 3]), w([3], 0.5)], same);
    const y = b.op('Relu', [z]);
    return b.op('Conv', [alsoZ ? b.op('Add', [y, z]) : y, w([4, 3, 3, 3])], same);
  });

/** The input (or layer) relevance of `source` under `rules`, the graphs built under `flags`. */
async function relevance(
  source: string | Uint8Array,
  x: Tensor,
  rules: BackwardRules,
  flags: string,
  layer?: string,
): Promise<Float32Array> {
  if (flags) process.env.XAI_GRAPH = flags;
  else delete process.env.XAI_GRAPH;
  const model = await loadOnnxModel(source);
  const variant = await model.withBackwardRules!(rules);
  try {
    const logits = await model.forward(x);
    const u = randn(logits.shape, 3, 7);
    const pass = layer ? await variant.layerVjp!(x, u, layer) : await variant.vjp(x, u);
    return pass.grad.data;
  } finally {
    await variant.dispose();
    await model.dispose();
  }
}

/** The shortcut's values against the general form's: within 1e-6 of the largest. */
async function expectGeneralForm(
  source: string | Uint8Array,
  x: Tensor,
  rules: BackwardRules,
  layer?: string,
) {
  const fast = await relevance(source, x, rules, '', layer);
  const general = await relevance(source, x, rules, 'legacy-relevance', layer);
  // NaN (nothing to compare: all zeros) fails too.
  expect(relativeGap(fast, general)).toBeLessThanOrEqual(1e-6);
}

/** The nodes of the VJP graph under `rules`. */
function vjpNodes(bytes: Uint8Array, rules: BackwardRules) {
  delete process.env.XAI_GRAPH;
  const graph = buildVjpGraph(tinySpec(tinyParts(bytes), [2, 6, 6], 144), rules).bytes;
  return decodeOnnxModel(graph, 'vjp').graph!.node!;
}

/** How many nodes of each type the VJP graph under `rules` has. */
function opCounts(bytes: Uint8Array, rules: BackwardRules): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of vjpNodes(bytes, rules)) counts.set(n.opType!, (counts.get(n.opType!) ?? 0) + 1);
  return counts;
}

/** How many comparisons read the ReLU's output: its mask's. */
function reluMasks(bytes: Uint8Array, rules: BackwardRules): number {
  const nodes = vjpNodes(bytes, rules);
  const y = nodes.find((n) => n.opType === 'Relu')!.output![0]!;
  return nodes.filter((n) => n.opType === 'Greater' && n.input![0] === y).length;
}

const tinyX = randn([3, 2, 6, 6], 3, 0);
const fixtureX = (() => {
  const all = loadFixtureInputs();
  return { data: all.data.slice(0, 4 * 784), shape: [4, 1, 28, 28] };
})();

describe("LRP's rules read the output of the ReLU a layer feeds", () => {
  it('drops the ReLU mask and the layer’s |z| where a Conv feeds one ReLU (epsilon)', () => {
    const fused = opCounts(convReluConv(false), epsilon);
    // One Abs for the last Conv (it feeds the logits); the first takes y / (y + eps).
    expect(fused.get('Abs')).toBe(1);
    expect(fused.get('Greater') ?? 0).toBe(0);
    // z read by the Add too: both factors stay.
    const apart = opCounts(convReluConv(true), epsilon);
    expect(apart.get('Abs')).toBe(2);
    expect(apart.get('Greater')).toBe(1);
  });

  it('drops the ReLU mask under alpha-beta and gamma too', () => {
    for (const [, rules] of lrpRules.slice(1)) {
      expect(reluMasks(convReluConv(false), rules)).toBe(0);
      expect(reluMasks(convReluConv(true), rules)).toBe(1);
    }
  });

  const tinyCases = lrpRules.flatMap(([name, rules]) => [
    [name, 'a Conv feeding one ReLU', false, rules] as const,
    [name, 'a Conv whose output is also added to the ReLU’s', true, rules] as const,
  ]);
  it.each(tinyCases)('%s gives the general form’s values: %s', async (_, __, alsoZ, rules) => {
    await expectGeneralForm(convReluConv(alsoZ), tinyX, rules);
  });

  const relus = [
    ['the gradient’s ReLUs', {}],
    ['guided ReLUs', { relu: 'guided' }],
    ['deconvnet ReLUs', { relu: 'deconvnet' }],
  ] as const;
  const fixtureCases = lrpRules.flatMap(([name, rules]) =>
    relus.map(([reluName, relu]) => [name, reluName, { ...rules, ...relu }] as const),
  );
  it.each(fixtureCases)(
    '%s gives the general form’s values on the fixture ResNet with %s',
    async (_, __, rules) => {
      await expectGeneralForm(fixtureModelPath('resnet'), fixtureX, rules);
    },
    60_000,
  );

  it.each(lrpRules)(
    '%s keeps the ReLU’s mask in a layer pass that stops at the layer’s output',
    async (_, rules) => {
      await expectGeneralForm(
        fixtureModelPath('cnn'),
        fixtureX,
        rules,
        '/features/features.0/Conv_output_0',
      );
    },
    60_000,
  );
});
