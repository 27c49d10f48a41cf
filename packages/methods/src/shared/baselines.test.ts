/** The baselines and the data bounds the normalisation implies. */
import { jsKernels, type Tensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { resolveBaseline } from './baselines.js';
import { elementBounds } from './bounds.js';

describe('baselines and bounds', () => {
  const x: Tensor = {
    data: Float32Array.from({ length: 2 * 2 * 2 * 2 }, (_, i) => i / 10 - 0.5),
    shape: [2, 2, 2, 2],
  };
  const normalization = { mean: [0.5, 0.25], std: [0.5, 0.25] };
  const context = { kernels: jsKernels, seed: 1, normalization };

  it("maps 'black' and 'white' through the normalisation per channel", async () => {
    const black = (await resolveBaseline(x, 0, 'black', context)) as Tensor;
    const white = (await resolveBaseline(x, 1, 'white', context)) as Tensor;
    expect([...black.data]).toEqual([-1, -1, -1, -1, -1, -1, -1, -1]);
    expect([...white.data]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    expect(black.shape).toEqual([2, 2, 2]);
    expect(await resolveBaseline(x, 0, 'zeros', context)).toBe(0);
  });

  it("draws 'uniform' between the bounds, seeded and per sample", async () => {
    const u0 = (await resolveBaseline(x, 0, 'uniform', context)) as Tensor;
    const again = (await resolveBaseline(x, 0, 'uniform', context)) as Tensor;
    const u1 = (await resolveBaseline(x, 1, 'uniform', context)) as Tensor;
    expect(u0.data).toEqual(again.data);
    expect(u0.data).not.toEqual(u1.data);
    for (let i = 0; i < 8; i++) {
      const [lo, hi] = i < 4 ? [-1, 1] : [-1, 3];
      expect(u0.data[i]).toBeGreaterThanOrEqual(lo);
      expect(u0.data[i]).toBeLessThan(hi);
    }
  });

  it('takes a tensor per sample or for the batch, and rejects other shapes', async () => {
    const one: Tensor = { data: new Float32Array(8).fill(2), shape: [2, 2, 2] };
    expect(((await resolveBaseline(x, 1, one, context)) as Tensor).data).toEqual(one.data);
    const both = (await resolveBaseline(x, 1, x, context)) as Tensor;
    expect(both.data).toEqual(x.data.subarray(8));
    await expect(
      resolveBaseline(x, 0, { data: new Float32Array(3), shape: [3] }, context),
    ).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
      message: expect.stringMatching(/\[2, 2, 2\]/),
    });
    await expect(resolveBaseline(x, 0, 'gray' as 'zeros', context)).rejects.toThrow(/'gray'/);
  });

  it('bounds: given, from the normalisation, or the sample range', () => {
    const given = elementBounds(x, 0, { min: [0, 1], max: 5 });
    expect([...given.lo]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...given.hi]).toEqual(new Array(8).fill(5));
    const fromNorm = elementBounds(x, 0, undefined, normalization);
    expect([...fromNorm.hi]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    const own = elementBounds(x, 1);
    expect(own.lo[0]).toBeCloseTo(0.3, 6);
    expect(own.hi[7]).toBeCloseTo(1.0, 6);
    expect(() => elementBounds(x, 0, { min: 1, max: 0 })).toThrow(/min < max/);
    expect(() => elementBounds(x, 0, { min: [0, 0, 0], max: 1 })).toThrow(/1 or 2 values/);
  });
});
