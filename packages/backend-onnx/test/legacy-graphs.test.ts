import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';

// #23's faster backward graphs (Clip's mask from its output after a Conv, strided Conv
// adjoints as polyphase Convs) give the gradients of the graphs they replace, which
// XAI_GRAPH=legacy still builds: compared here on the fixtures and the tiny zoo (MobileNet
// V2 for Clip after Conv, ResNet/EfficientNet/... for the strided convolutions).
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

  it.each(models)(
    '%s: the same input gradient within 1e-5 of its max',
    async (_n, url, shape) => {
      const bytes = new Uint8Array(readFileSync(url));
      const x = randn([2, ...shape], 3, 0);
      const fresh = await loadOnnxModel(bytes);
      const old = await loadOnnxModel(bytes);
      try {
        const u = randn([2, fresh.numClasses], 3, 1);
        // Clip's mask from the output is opt-in (slower in wall time): compared here too.
        process.env.XAI_GRAPH = 'clip-from-output';
        const now = (await fresh.vjp(x, u)).grad;
        process.env.XAI_GRAPH = 'legacy';
        const before = (await old.vjp(x, u)).grad;
        let maxAbs = 0;
        let maxDiff = 0;
        for (let i = 0; i < now.data.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(before.data[i]!));
          maxDiff = Math.max(maxDiff, Math.abs(now.data[i]! - before.data[i]!));
        }
        expect(maxAbs).toBeGreaterThan(0);
        expect(maxDiff).toBeLessThanOrEqual(1e-5 * maxAbs);
      } finally {
        await fresh.dispose();
        await old.dispose();
      }
    },
    60_000,
  );
});
