import { afterEach, describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { directionalCheck, randn, spread } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';
import { allCases } from './rule-cases/all.js';
import type { Case } from './rule-cases/case.js';

// Every form of a strided Conv's adjoint (rules/strided-adjoint.ts), forced by XAI_GRAPH,
// against the JVP (a forward Conv) and central differences, and against ConvTranspose's
// VJP: the rule table's strided Conv rows, and groups, depthwise and dilations here.
const ints = attr.ints;
const int = attr.int;
const strided = (
  name: string,
  sample: number[],
  w: number[],
  attrs: ReturnType<typeof ints>[],
): Case => ({
  name,
  // Linear: central differences are exact at any step; a wide one keeps rounding small.
  step: 0.1,
  sample,
  body: (b, x, weights) => b.op('Conv', [x, weights(w)], attrs),
});
const k3s2p1 = [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])];
const cases: Case[] = [
  ...allCases.filter(
    (c) =>
      c.name.startsWith('Conv ') && (c.name.includes('stride') || c.name.includes('dilations')),
  ),
  strided(
    'depthwise 3x3 stride 2 pads 1, odd size',
    [16, 7, 7],
    [16, 1, 3, 3],
    [...k3s2p1, int('group', 16)],
  ),
  strided(
    'depthwise 3x3 stride 2 pads 1, even size',
    [16, 8, 6],
    [16, 1, 3, 3],
    [...k3s2p1, int('group', 16)],
  ),
  strided(
    'depthwise, channel multiplier 2',
    [8, 7, 6],
    [16, 1, 3, 3],
    [...k3s2p1, int('group', 8)],
  ),
  strided('groups 2, 3x3 stride 2', [8, 9, 7], [6, 4, 3, 3], [...k3s2p1, int('group', 2)]),
  strided(
    'depthwise 5x5 stride 2 pads 2',
    [4, 9, 9],
    [4, 1, 5, 5],
    [
      ints('kernel_shape', [5, 5]),
      ints('strides', [2, 2]),
      ints('pads', [2, 2, 2, 2]),
      int('group', 4),
    ],
  ),
  strided(
    '1x1 stride 2 (a downsampling shortcut)',
    [16, 7, 8],
    [4, 16, 1, 1],
    [ints('kernel_shape', [1, 1]), ints('strides', [2, 2])],
  ),
  strided(
    'patch embedding, kernel = stride = 4',
    [3, 8, 12],
    [5, 3, 4, 4],
    [ints('kernel_shape', [4, 4]), ints('strides', [4, 4])],
  ),
];
const forms = [
  'strided-transpose',
  'strided-polyphase',
  'strided-split',
  'strided-dilated',
  'strided-previous',
  '',
];

describe('strided Conv adjoints in every form', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  it.each(cases)(
    '$name',
    async (c) => {
      const bytes = tinyModel(c.sample, c.body, { opset: 13 });
      const x = spread([2, ...c.sample], 11, 0.05);
      let reference: Float32Array | undefined;
      for (const form of forms) {
        process.env.XAI_GRAPH = form;
        const model = await loadOnnxModel(bytes);
        try {
          const r = await directionalCheck(model, x, { seed: 5, step: c.step ?? 2e-3 });
          expect(r.vjpVsJvp, form).toBeLessThan(1e-5);
          expect(r.vjpVsFd, form).toBeLessThan(1e-3);
          const u = randn([2, model.numClasses], 3, 1);
          const grad = (await model.vjp(x, u)).grad.data;
          if (!reference) {
            reference = grad;
            continue;
          }
          let max = 0;
          let diff = 0;
          for (let i = 0; i < grad.length; i++) {
            max = Math.max(max, Math.abs(reference[i]!));
            diff = Math.max(diff, Math.abs(grad[i]! - reference[i]!));
          }
          expect(max).toBeGreaterThan(0);
          expect(diff, form).toBeLessThanOrEqual(1e-5 * max);
        } finally {
          await model.dispose();
        }
      }
    },
    60_000,
  );
});
