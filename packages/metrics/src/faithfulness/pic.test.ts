import { fillUniform, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { losslessBits } from '../shared/entropy-estimate.js';
import { pic } from './pic.js';

describe('losslessBits', () => {
  it('costs a flat image only its first value, a ramp almost nothing, and white noise about 8 bits a value', () => {
    // Every residual but the first (predicted from zeros) is 0: one symbol in 64.
    const flat = losslessBits(new Float32Array(64).fill(0.3), 1, 8, 8, 0, 1);
    expect(flat).toBeCloseTo(-(63 * Math.log2(63 / 64) + Math.log2(1 / 64)), 9);
    // A ramp: Paeth predicts every value but the first row and column exactly.
    const ramp = Float32Array.from(
      { length: 64 * 64 },
      (_, i) => ((i % 64) + Math.floor(i / 64)) / 126,
    );
    expect(losslessBits(ramp, 1, 64, 64, 0, 1) / 4096).toBeLessThan(0.2);
    const noise = fillUniform(new Float32Array(64 * 64), 3, 0);
    const perValue = losslessBits(noise, 1, 64, 64, 0, 1) / 4096;
    expect(perValue).toBeGreaterThan(7.5);
    expect(perValue).toBeLessThanOrEqual(8);
  });
});

describe('pic', () => {
  // Class 0 reads a 4x4 checkerboard (weights +1/-1) in the middle of a 16x16 image of
  // seeded noise: blurring erases the checkerboard (logit 8 - 4 = 4 becomes about -4) and,
  // as with real images, lowers the information of the noise.
  const w = new Float64Array(2 * 256);
  for (let y = 6; y < 10; y++) for (let x = 6; x < 10; x++) w[y * 16 + x] = (x + y) % 2 ? 1 : -1;
  const model = linearModel([1, 16, 16], w, Float64Array.from([-4, 0]));
  const noise = fillUniform(new Float32Array(256), 11, 0);
  const x: Tensor = {
    data: Float32Array.from(noise, (u, i) => (w[i]! > 0 ? 1 : w[i]! < 0 ? 0 : u)),
    shape: [1, 1, 16, 16],
  };
  // good points at the checkerboard; bad at the irrelevant noise around it.
  const good: Tensor = { data: Float32Array.from(w.subarray(0, 256), Math.abs), shape: x.shape };
  const bad: Tensor = { data: good.data.map((v) => 1 - v), shape: x.shape };

  it.each(['sic', 'aic'] as const)(
    '%s: a map on the evidence scores higher than one on the noise, within [0, 1]',
    async (curve) => {
      const g = await pic.evaluate(model, x, good, {
        target: 'predicted',
        curve,
        blurSize: 5,
        blurSigma: 2,
        randomFraction: 0,
      });
      const b = await pic.evaluate(model, x, bad, {
        target: 'predicted',
        curve,
        blurSize: 5,
        blurSigma: 2,
        randomFraction: 0,
      });
      expect(g.details!.skipped).toEqual([null]);
      expect(g.scores[0]).toBeGreaterThan(b.scores[0]!);
      for (const s of [g.scores[0]!, b.scores[0]!]) {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
      const points = (g.details!.curves as Array<Array<[number, number]>>)[0]!;
      expect(points[0]).toEqual([0, 0]);
      expect(points[points.length - 1]).toEqual([1, 1]);
    },
  );

  it('skips a sample whose blurred image keeps the score, with the reason', async () => {
    const flat: Tensor = { data: new Float32Array(256).fill(0.5), shape: x.shape };
    const r = await pic.evaluate(model, flat, good, { target: 0, minPrediction: 0 });
    expect(Number.isNaN(r.scores[0])).toBe(true);
    expect((r.details!.skipped as string[])[0]).toMatch(/does not lower/);
  });

  it('rejects thresholds outside (0, 1)', async () => {
    await expect(
      pic.evaluate(model, x, good, { target: 0, thresholds: [0.5, 1] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
