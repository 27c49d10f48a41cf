import { readFileSync } from 'node:fs';
import { XaiError } from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { expect, it } from 'vitest';
import type { OnnxModel, OnnxModelOptions } from '../../src/index.js';
import { spread } from './directional.js';
import { checkFixtureDerivatives } from './fixture-derivatives.js';
import { tinyModel } from './tiny-model.js';
import { expectTorchLogits } from './torch-logits.js';

/** Loads a model from bytes through one entry point of the package (Node or web). */
export type LoadFromBytes = (
  bytes: Uint8Array,
  options?: OnnxModelOptions & { gradients?: 'required' },
) => Promise<OnnxModel>;

const fixtureBytes = (name: 'cnn' | 'resnet' | 'mlp') =>
  new Uint8Array(readFileSync(fixtureModelPath(name)));

/**
 * What every entry point of @xai/backend-onnx must do with the same bytes: the fixtures'
 * torch logits, exact derivatives (jvp, vjp and central differences agree), the variants
 * the methods use, and the same XaiErrors for bad models and inputs. Registers `it`s in
 * the caller's `describe`.
 */
export function modelConformance(load: LoadFromBytes): void {
  it.each(['cnn', 'resnet', 'mlp'] as const)(
    '%s: reproduces the torch logits, in one call or in chunks',
    async (name) => {
      const model = await load(fixtureBytes(name), { maxBatchSize: 7 });
      try {
        expect(model.numClasses).toBe(10);
        await expectTorchLogits(model, name);
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );

  it.each(['cnn', 'resnet'] as const)(
    '%s: jvp, vjp and central differences agree',
    async (name) => {
      const model = await load(fixtureBytes(name), { maxBatchSize: 5 });
      try {
        await checkFixtureDerivatives(model);
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );

  it('runs the variants: a ReLU rule, a layer gradient, weight noise', async () => {
    const model = await load(fixtureBytes('cnn'));
    try {
      const x = spread([2, 1, 28, 28], 3);
      const c = { data: new Float32Array(20).fill(0), shape: [2, 10] };
      c.data[3] = 1;
      c.data[17] = 1;
      const plain = await model.vjp(x, c);
      const guided = await (await model.withBackwardRules({ relu: 'guided' })).vjp(x, c);
      expect(guided.grad.shape).toEqual([2, 1, 28, 28]);
      expect(Array.from(guided.grad.data)).not.toEqual(Array.from(plain.grad.data));
      const layer = model.lastConvLayer!;
      const inner = await model.layerVjp(x, c, layer);
      expect(inner.activation.shape[0]).toBe(2);
      expect(inner.grad.shape).toEqual(inner.activation.shape);
      const noisy = await model.withWeightNoise({ seed: 5, sigma: 0.1 });
      try {
        const moved = await noisy.forward(x);
        expect(Array.from(moved.data)).not.toEqual(Array.from(plain.logits.data));
      } finally {
        await noisy.dispose();
      }
    } finally {
      await model.dispose();
    }
  }, 60_000);

  it('rejects bad bytes, bad inputs and undifferentiable ops with XaiErrors', async () => {
    const text = new TextEncoder().encode('this is not a model at all, just some text');
    await expect(load(text)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    const cut = await load(fixtureBytes('resnet').subarray(0, 100)).catch((e: unknown) => e);
    expect(XaiError.isInstance(cut) && cut.code).toMatch(/INVALID_FILE|MODEL_LOAD_FAILED/);
    const model = await load(fixtureBytes('cnn'));
    try {
      await expect(
        model.forward({ data: new Float32Array(784), shape: [1, 28, 28] }),
      ).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    } finally {
      await model.dispose();
    }
    const hardmax = tinyModel([4], (b, x) => b.op('Hardmax', [x]), { flatten: false });
    const err = await load(hardmax).catch((e: unknown) => e);
    expect(XaiError.isInstance(err) && err.code).toBe('UNSUPPORTED_OP');
    expect((err as Error).message).toMatch(/Hardmax/);
  });
}
