import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';

// #23's faster backward graphs (Clip's mask from its output after a Conv, strided Conv
// adjoints as polyphase Convs or Convs over the dilated cotangent) give the gradients of the
// graphs they replace, which XAI_GRAPH=legacy still builds: compared here on the fixtures and
// the tiny zoo (MobileNet V2 for Clip after Conv and depthwise strided convolutions,
// ResNet/EfficientNet/... for the strided convolutions).
const zoo = new URL('./zoo-ci/', import.meta.url);
const fixtures = new URL('../../fixtures/data/', import.meta.url);
const models: Array<[string, URL, number[]]> = [
  ['fixture resnet', new URL('resnet.onnx', fixtures), [1, 28, 28]],
  ['fixture cnn', new URL('cnn.onnx', fixtures), [1, 28, 28]],
  ...(
    JSON.parse(readFileSync(new URL('manifest.json', zoo), 'utf8')) as Array<{
      name: string;
      file: string;
      inputShape: number[];
    }>
  ).map((e): [string, URL, number[]] => [e.name, new URL(e.file, zoo), e.inputShape]),
];

describe('the new backward graphs against the legacy ones (XAI_GRAPH=legacy)', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  // Each form a flag can force: Clip's `y = x` mask after a Conv, and the strided Conv
  // adjoints' forms (rules/strided-adjoint.ts; '' is the default rule).
  const settings = [
    'legacy-clip',
    'strided-polyphase',
    'strided-split',
    'strided-dilated',
    'strided-previous',
    '',
  ];

  it.each(models)(
    '%s: the same input gradient within 1e-5 of its max',
    async (_n, url, shape) => {
      const bytes = new Uint8Array(readFileSync(url));
      const x = randn([2, ...shape], 3, 0);
      const old = await loadOnnxModel(bytes);
      let before: Float32Array;
      let u: ReturnType<typeof randn>;
      try {
        u = randn([2, old.numClasses], 3, 1);
        process.env.XAI_GRAPH = 'legacy';
        before = (await old.vjp(x, u)).grad.data;
      } finally {
        await old.dispose();
      }
      let maxAbs = 0;
      for (const v of before) maxAbs = Math.max(maxAbs, Math.abs(v));
      expect(maxAbs).toBeGreaterThan(0);
      for (const setting of settings) {
        process.env.XAI_GRAPH = setting;
        const fresh = await loadOnnxModel(bytes);
        try {
          const now = (await fresh.vjp(x, u)).grad.data;
          let maxDiff = 0;
          for (let i = 0; i < now.length; i++)
            maxDiff = Math.max(maxDiff, Math.abs(now[i]! - before[i]!));
          expect(maxDiff, setting).toBeLessThanOrEqual(1e-5 * maxAbs);
        } finally {
          await fresh.dispose();
        }
      }
    },
    120_000,
  );
});
