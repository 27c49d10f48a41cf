/**
 * DeepLIFT with one reference for the whole batch (zeros, a colour): the graph runs the
 * reference's forward pass once and broadcasts it. Its multipliers and reference logits must
 * be each sample's own, computed alone (a batch of one runs the reference as given); models
 * whose reference pass reads the input's shape off the path keep the row-per-sample form.
 */
import { type Model, sliceBatch, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';

const B = 6;
const x: Tensor = (() => {
  const all = loadFixtureInputs();
  return { data: all.data.slice(0, B * 784), shape: [B, 1, 28, 28] };
})();
const u: Tensor = {
  data: Float32Array.from({ length: B * 10 }, (_, i) => (i % 10 === (i * 7) % 9 ? 1 : 0.25)),
  shape: [B, 10],
};

function expectRowsClose(batch: Float32Array, alone: Float32Array[], what: string) {
  const per = batch.length / alone.length;
  let scale = 0;
  let gap = 0;
  alone.forEach((a, b) => {
    for (let i = 0; i < per; i++) {
      scale = Math.max(scale, Math.abs(a[i]!));
      gap = Math.max(gap, Math.abs(batch[b * per + i]! - a[i]!));
    }
  });
  expect(scale, what).toBeGreaterThan(0);
  expect(gap, what).toBeLessThanOrEqual(1e-6 * scale);
}

/** DeepLIFT on the batch against each sample alone: multipliers, both logits, their shape. */
async function expectBatchMatchesEachAlone(
  model: Model,
  xs: Tensor,
  reference: Tensor,
  seed: Tensor,
): Promise<void> {
  const rows = xs.shape[0]!;
  const batch = await model.deepLiftVjp!(xs, reference, seed);
  const alone = [];
  for (let b = 0; b < rows; b++) {
    const one = (t: Tensor) => sliceBatch(t, b, b + 1);
    alone.push(await model.deepLiftVjp!(one(xs), one(reference), one(seed)));
  }
  expect(batch.referenceLogits.shape).toEqual(seed.shape);
  expectRowsClose(
    batch.grad.data,
    alone.map((a) => a.grad.data),
    'multipliers',
  );
  expectRowsClose(
    batch.referenceLogits.data,
    alone.map((a) => a.referenceLogits.data),
    'reference logits',
  );
  expectRowsClose(
    batch.logits.data,
    alone.map((a) => a.logits.data),
    'logits',
  );
}

describe('DeepLIFT with one reference for the batch', () => {
  it.each(['cnn', 'resnet', 'mlp'] as const)(
    '%s: the batch with a shared reference matches each sample alone',
    async (name) => {
      const model = await loadOnnxModel(fixtureModelPath(name));
      try {
        for (const value of [0, -0.4]) {
          const reference = { data: new Float32Array(x.data.length).fill(value), shape: x.shape };
          await expectBatchMatchesEachAlone(model, x, reference, u);
        }
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );

  it('keeps a reference per sample when the references differ', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const reference = randn([B, 1, 28, 28], 5, 0, 0.3);
      await expectBatchMatchesEachAlone(model, x, reference, u);
    } finally {
      await model.dispose();
    }
  }, 60_000);

  it("keeps a row per sample where the reference pass reads the input's shape", async () => {
    // Relu, then a Reshape to [batch, 12] whose shape is computed from Shape(x): off the
    // path, so a one-row reference would not fit it.
    const bytes = tinyModel(
      [3, 4],
      (b, xx, w) => {
        const shape = b.op(
          'Concat',
          [b.op('Slice', [b.op('Shape', [xx]), b.int64([0]), b.int64([1])]), b.int64([12])],
          [attr.int('axis', 0)],
        );
        const flat = b.op('Reshape', [b.op('Relu', [xx]), shape]);
        return b.op('Gemm', [flat, w([5, 12], 0.4)], [attr.int('transB', 1)]);
      },
      { flatten: false },
    );
    const model = await loadOnnxModel(bytes);
    try {
      const xs = randn([4, 3, 4], 7, 0);
      // The same row for every sample (non-zero, so the bias-free model's logits are too).
      const reference = { data: new Float32Array(xs.data.length).fill(0.3), shape: xs.shape };
      const seed = randn([4, 5], 8, 0);
      await expectBatchMatchesEachAlone(model, xs, reference, seed);
    } finally {
      await model.dispose();
    }
  }, 60_000);
});
