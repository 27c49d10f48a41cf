import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { gradientOn, randomisable } from '../../test/helpers/randomisable.js';
import { spearman, ssim } from '../shared/similarity.js';
import { modelRandomization } from './model-randomization.js';

describe('similarity measures', () => {
  it('Spearman: 1 for the same order, -1 reversed, average ranks for ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks of [1, 1, 2] are [1.5, 1.5, 3]; with [1, 2, 3]: r = 0.866...
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('SSIM: 1 for identical images, lower for a different one', () => {
    const a = Float64Array.from({ length: 64 }, (_, i) => (i % 8) / 7);
    expect(ssim(a, a, 8, 8, 1)).toBeCloseTo(1, 12);
    const b = Float64Array.from(a).reverse();
    expect(ssim(a, b, 8, 8, 1)).toBeLessThan(0.5);
  });
});

const x: Tensor = {
  data: Float32Array.from({ length: 16 }, (_, i) => i / 16),
  shape: [1, 1, 4, 4],
};

describe('model randomization', () => {
  it('scores a model-dependent map below 1 and a model-blind map at 1', async () => {
    const model = randomisable();
    const gradient = gradientOn(model);
    const a = await gradient(x);
    const dependent = await modelRandomization.evaluate(model, x, a, {
      target: 0,
      explain: gradient,
    });
    expect(dependent.scores[0]).toBeLessThan(0.9);
    expect((dependent.details!.spearman as Tensor).shape).toEqual([1, 2]);
    const blind = async (t: Tensor) => ({ data: t.data.map((v) => v + 1), shape: t.shape }); // ignores the model
    const edge: Tensor = { data: x.data.map((v) => v + 1), shape: x.shape };
    const r = await modelRandomization.evaluate(model, x, edge, { target: 0, explain: blind });
    expect(r.scores[0]).toBeCloseTo(1, 12);
    expect(Array.from((r.details!.ssim as Tensor).data)).toEqual([1, 1]);
  });

  it('says what it needs when the model cannot randomise its layers', async () => {
    const plain = randomLinearModel([1, 4, 4], 2, 1);
    await expect(
      modelRandomization.evaluate(plain, x, x, { target: 0, explain: gradientOn(plain) }),
    ).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
