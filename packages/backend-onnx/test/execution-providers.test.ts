import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';

// Whether onnxruntime-node's CUDA provider libraries were installed next to its binding.
const ortRoot = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
const cudaInstalled = existsSync(
  join(
    ortRoot,
    'bin/napi-v6',
    `${process.platform}/${process.arch}`,
    'libonnxruntime_providers_cuda.so',
  ),
);

describe('loadOnnxModel executionProviders', () => {
  it("runs the forward and the gradient graphs on ['cpu'] as on the default", async () => {
    const x = loadFixtureInputs();
    const rows = { data: x.data.subarray(0, 4 * 784), shape: [4, 1, 28, 28] };
    const u = { data: new Float32Array(40).fill(0.5), shape: [4, 10] };
    const cpu = await loadOnnxModel(fixtureModelPath('resnet'), { executionProviders: ['cpu'] });
    const plain = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      expect(Array.from((await cpu.forward(rows)).data)).toEqual(
        Array.from((await plain.forward(rows)).data),
      );
      const a = await cpu.vjp(rows, u);
      const b = await plain.vjp(rows, u);
      expect(Array.from(a.grad.data)).toEqual(Array.from(b.grad.data));
      const guided = await cpu.withBackwardRules({ relu: 'guided' });
      expect((await guided.vjp(rows, u)).grad.data.length).toBe(4 * 784);
    } finally {
      await cpu.dispose();
      await plain.dispose();
    }
  }, 30_000);

  it.skipIf(cudaInstalled)("names what to install when 'cuda' cannot start", async () => {
    const err = await loadOnnxModel(fixtureModelPath('cnn'), {
      executionProviders: ['cuda'],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/'cuda' execution provider/);
    expect((err as Error).message).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
    expect((err as Error).message).toMatch(/cuDNN 9/);
  });

  it('rejects a provider this onnxruntime build does not know, listing those it knows', async () => {
    const err = await loadOnnxModel(fixtureModelPath('cnn'), {
      executionProviders: ['coreml'],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/Expected one of cpu, .* but received "coreml"/);
  });

  it('rejects an empty list', async () => {
    await expect(
      loadOnnxModel(fixtureModelPath('cnn'), { executionProviders: [] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /non-empty list/ });
  });
});
