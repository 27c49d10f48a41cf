/**
 * The web entry (dist/browser.js: the `browser` export condition, onnxruntime-web's WASM
 * build) run under Node: the same conformance suite as the Node entry, and the same
 * numbers. The docs' playground test (apps/docs/test/playground.test.ts) runs it in
 * headless Chromium.
 */
import { readFileSync } from 'node:fs';
import { createRng } from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { env } from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../src/index.js';
import { modelConformance } from './helpers/model-conformance.js';

// Under Node, onnxruntime-web's WASM threads need a Worker it cannot start: one thread.
env.wasm.numThreads = 1;
const webEntry = (await import(
  new URL('../dist/browser.js', import.meta.url).href
)) as typeof nodeEntry;

describe('the Node entry (onnxruntime-node)', () => {
  modelConformance((bytes, options) => nodeEntry.loadOnnxModel(bytes, options));
});

describe('the web entry (onnxruntime-web, WASM)', () => {
  modelConformance((bytes, options) => webEntry.loadOnnxModel(bytes, options));

  it('gives the Node entry’s gradients within 1e-5 of the largest', {
    timeout: 60_000,
  }, async () => {
    for (const name of ['cnn', 'resnet', 'mlp'] as const) {
      const bytes = new Uint8Array(readFileSync(fixtureModelPath(name)));
      const rng = createRng(3, 0);
      const x = { data: new Float32Array(4 * 784).map(() => rng.normal()), shape: [4, 1, 28, 28] };
      const c = { data: new Float32Array(40).map(() => rng.normal()), shape: [4, 10] };
      const [a, b] = await Promise.all([
        nodeEntry.loadOnnxModel(bytes),
        webEntry.loadOnnxModel(bytes),
      ]);
      try {
        const ga = (await a.vjp(x, c)).grad.data;
        const gb = (await b.vjp(x, c)).grad.data;
        let scale = 0;
        let worst = 0;
        for (let i = 0; i < ga.length; i++) {
          scale = Math.max(scale, Math.abs(ga[i]!));
          worst = Math.max(worst, Math.abs(ga[i]! - gb[i]!));
        }
        expect(worst / scale, name).toBeLessThan(1e-5);
      } finally {
        await a.dispose();
        await b.dispose();
      }
    }
  });

  it('fetches a model from a URL, and names the URL when it is missing', async () => {
    const { createServer } = await import('node:http');
    const bytes = readFileSync(fixtureModelPath('cnn'));
    const server = createServer((req, res) => {
      if (req.url === '/cnn.onnx') res.end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const model = await webEntry.loadOnnxModel(`http://127.0.0.1:${port}/cnn.onnx`);
      expect(model.numClasses).toBe(10);
      await model.dispose();
      await expect(
        webEntry.loadOnnxModel(`http://127.0.0.1:${port}/none.onnx`),
      ).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
        message: expect.stringContaining('/none.onnx'),
      });
    } finally {
      server.close();
    }
  });
});
