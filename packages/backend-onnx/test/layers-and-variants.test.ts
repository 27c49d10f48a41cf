import { sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';

describe('ReLU backward-rule variants', () => {
  it('standard, guided and deconvnet give u (x > 0), u (x > 0) (u > 0) and relu(u)', async () => {
    const model = await loadOnnxModel(
      tinyModel([6], (b, x) => b.op('Relu', [x]), { flatten: false }),
    );
    try {
      const x = randn([4, 6], 1, 0);
      const u = randn([4, 6], 1, 1);
      const guided = await model.withBackwardRules({ relu: 'guided' });
      const deconv = await model.withBackwardRules({ relu: 'deconvnet' });
      const g0 = (await model.vjp(x, u)).grad.data;
      const g1 = (await guided.vjp(x, u)).grad.data;
      const g2 = (await deconv.vjp(x, u)).grad.data;
      for (let i = 0; i < 24; i++) {
        const xi = x.data[i]!;
        const ui = u.data[i]!;
        // The mask is a float factor: a masked negative cotangent is -0, equal to 0.
        expect(g0[i]! + 0).toBe(xi > 0 ? ui : 0);
        expect(g1[i]).toBe(xi > 0 && ui > 0 ? ui : 0);
        expect(g2[i]).toBe(Math.max(ui, 0));
      }
      // The variants share forward and jvp with the original.
      expect((await guided.jvp(x, u)).jvp.data).toEqual((await model.jvp(x, u)).jvp.data);
      await guided.dispose();
      await deconv.dispose();
      expect((await model.vjp(x, u)).grad.data).toEqual(g0);
    } finally {
      await model.dispose();
    }
  });

  it('guided backpropagation on the CNN differs from the gradient and is zero where it is', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const x = sliceBatch(loadFixtureInputs(), 0, 4);
      const u = randn([4, 10], 2, 0);
      const guided = await model.withBackwardRules({ relu: 'guided' });
      const g = (await model.vjp(x, u)).grad.data;
      const h = (await guided.vjp(x, u)).grad.data;
      let differ = 0;
      for (let i = 0; i < g.length; i++) if (g[i] !== h[i]) differ++;
      expect(differ).toBeGreaterThan(100);
    } finally {
      await model.dispose();
    }
  });
});

describe('layerVjp', () => {
  it('gives the activation and the exact gradient at an inner tensor', async () => {
    // x -> Conv -> Relu (the layer) -> Flatten -> Gemm: the layer gradient is W^T u.
    const W = randn([3, 2 * 4 * 4], 5, 0);
    const bytes = tinyModel(
      [1, 4, 4],
      (b, x, w) => {
        const r = b.op('Relu', [
          b.op('Conv', [x, w([2, 1, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])]),
        ]);
        b.nodes.at(-1)!.output = ['act'];
        const f = b.op('Flatten', ['act']);
        void r;
        return b.op('Gemm', [f, b.float(Array.from(W.data), [3, 32])], [attr.int('transB', 1)]);
      },
      { flatten: false },
    );
    const model = await loadOnnxModel(bytes);
    try {
      expect(model.lastConvLayer).toBe('act');
      const x = randn([2, 1, 4, 4], 3, 0);
      const u = randn([2, 3], 3, 1);
      const { activation, grad, logits } = await model.layerVjp(x, u, 'act');
      expect(activation.shape).toEqual([2, 2, 4, 4]);
      expect(grad.shape).toEqual([2, 2, 4, 4]);
      expect(logits.data).toEqual((await model.forward(x)).data);
      for (let s = 0; s < 2; s++)
        for (let j = 0; j < 32; j++) {
          let want = 0;
          for (let c = 0; c < 3; c++) want += u.data[s * 3 + c]! * W.data[c * 32 + j]!;
          expect(grad.data[s * 32 + j]).toBeCloseTo(want, 5);
          expect(activation.data[s * 32 + j]).toBeGreaterThanOrEqual(0);
        }
      // At the input itself it is the input gradient.
      const atInput = await model.layerVjp(x, u, 'x');
      expect(atInput.grad.data).toEqual((await model.vjp(x, u)).grad.data);
      await expect(model.layerVjp(x, u, 'nope')).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    } finally {
      await model.dispose();
    }
  });

  it('finds the last convolutional block of both fixtures', async () => {
    const cnn = await loadOnnxModel(fixtureModelPath('cnn'));
    const resnet = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      expect(cnn.lastConvLayer).toBe('/features/features.4/Relu_output_0');
      expect(resnet.lastConvLayer).toBe('/blocks/blocks.2/Relu_1_output_0');
      const x = sliceBatch(loadFixtureInputs(), 0, 3);
      const u = randn([3, 10], 4, 0);
      const r = await resnet.layerVjp(x, u, resnet.lastConvLayer!);
      expect(r.activation.shape).toEqual([3, 64, 7, 7]);
      expect(r.grad.shape).toEqual([3, 64, 7, 7]);
      // After this layer the ResNet is GlobalAveragePool -> Gemm: the gradient is W^T u / 49
      // at every position, the same over space.
      for (let i = 1; i < 49; i++) expect(r.grad.data[i]).toBeCloseTo(r.grad.data[0]!, 6);
    } finally {
      await cnn.dispose();
      await resnet.dispose();
    }
  });
});

describe('withWeightNoise', () => {
  it('draws seeded multiplicative noise on the weights, keeping batch-norm statistics', async () => {
    const model = await loadOnnxModel(fixtureModelPath('resnet'));
    const x = sliceBatch(loadFixtureInputs(), 0, 4);
    const u = randn([4, 10], 6, 0);
    const clean = await model.forward(x);
    const same = await model.withWeightNoise({ sigma: 0, seed: 1 });
    const a = await model.withWeightNoise({ sigma: 0.1, seed: 1 });
    const b = await model.withWeightNoise({ sigma: 0.1, seed: 1 });
    const c = await model.withWeightNoise({ sigma: 0.1, seed: 1, stream: 1 });
    try {
      expect((await same.forward(x)).data).toEqual(clean.data);
      const ya = await a.forward(x);
      expect((await b.forward(x)).data).toEqual(ya.data);
      expect(ya.data).not.toEqual(clean.data);
      expect((await c.forward(x)).data).not.toEqual(ya.data);
      // Noise of 10% moves logits by a fraction of their size, not more (no NaN from
      // a negative running variance).
      let diff = 0;
      let size = 0;
      for (let i = 0; i < ya.data.length; i++) {
        diff += (ya.data[i]! - clean.data[i]!) ** 2;
        size += clean.data[i]! ** 2;
      }
      expect(Math.sqrt(diff / size)).toBeGreaterThan(1e-3);
      expect(Math.sqrt(diff / size)).toBeLessThan(1);
      const { grad } = await a.vjp(x, u);
      expect(grad.data.every(Number.isFinite)).toBe(true);
      await expect(model.withWeightNoise({ sigma: -1, seed: 1 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    } finally {
      for (const m of [model, same, a, b, c]) await m.dispose();
    }
  });
});

describe('withRandomizedLayers', () => {
  it('re-draws the top layers in cascade, reproducibly', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      expect(model.weightLayers).toEqual([
        '/classifier/classifier.3/Gemm',
        '/classifier/classifier.1/Gemm',
        '/features/features.3/Conv',
        '/features/features.0/Conv',
      ]);
      const x = sliceBatch(loadFixtureInputs(), 0, 2);
      const base = (await model.forward(x)).data;
      const none = await model.withRandomizedLayers(0, 3);
      const top = await model.withRandomizedLayers(1, 3);
      const again = await model.withRandomizedLayers(1, 3);
      expect((await none.forward(x)).data).toEqual(base);
      const y = (await top.forward(x)).data;
      expect(y).not.toEqual(base);
      expect((await again.forward(x)).data).toEqual(y);
      await expect(model.withRandomizedLayers(5, 3)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      for (const m of [none, top, again]) await m.dispose();
    } finally {
      await model.dispose();
    }
  });
});
