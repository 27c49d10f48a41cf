import { gaussianBlur, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { meaningfulPerturbation, medianBlur } from './meaningful-perturbation.js';

// Class 0 reads only the top-left 3x3 corner of an 8x8 image, where the image is bright
// against a dark background, so blurring that corner lowers its score (logit 18 - 16 = 2,
// p ~ 0.88: not saturated, so its gradient is felt).
const w = new Float64Array(2 * 64);
for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) w[y * 8 + x] = 2;
const model = linearModel([1, 8, 8], w, Float64Array.from([-16, 0]));
const img: Tensor = {
  data: Float32Array.from({ length: 64 }, (_, i) => (i % 8 < 3 && i < 24 ? 1 : 0)),
  shape: [1, 1, 8, 8],
};
const options = { target: 0, maskSize: 8, iterations: 150, blurSize: 5, blurSigma: 2 } as const;

describe('meaningful perturbation', () => {
  it('deletes where the evidence is: the corner gets the largest attribution', async () => {
    const a = await meaningfulPerturbation.explain(model, img, options);
    const inCorner = (i: number) => i % 8 < 3 && i < 24;
    const corner = Array.from(a.data).filter((_, i) => inCorner(i));
    const rest = Array.from(a.data).filter((_, i) => !inCorner(i));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(corner)).toBeGreaterThan(mean(rest) + 0.2);
    for (const v of a.data) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('lowers the target probability it was asked to remove', async () => {
    const a = await meaningfulPerturbation.explain(model, img, options);
    const blur = gaussianBlur(img, 5, 2);
    const perturbed: Tensor = {
      data: img.data.map((v, i) => blur.data[i]! + (1 - a.data[i]!) * (v - blur.data[i]!)),
      shape: img.shape,
    };
    const p = async (t: Tensor) => {
      const z = (await model.forward(t)).data;
      return 1 / (1 + Math.exp(z[1]! - z[0]!));
    };
    expect(await p(perturbed)).toBeLessThan((await p(img)) - 0.2);
  });
});

describe('medianBlur', () => {
  // Expected values: OpenCV 4.6 cv2.medianBlur on the same uint8 arrays (borders replicated).
  it('equals cv2.medianBlur, 3 x 3 and 5 x 5 windows', () => {
    const a = [9, 1, 7, 3, 2, 8, 4, 6, 5, 0, 11, 10, 12, 15, 13, 14];
    expect([...medianBlur({ data: Float32Array.from(a), shape: [1, 1, 4, 4] }, 3).data]).toEqual([
      8, 7, 4, 4, 5, 5, 6, 6, 5, 8, 10, 10, 12, 12, 13, 13,
    ]);
    const b = [
      10, 17, 24, 31, 38, 45, 18, 25, 32, 39, 46, 3, 26, 33, 40, 47, 4, 11, 34, 41, 48, 5, 12, 19,
      42, 49, 6, 13, 20, 27, 0, 7, 14, 21, 28, 35,
    ];
    // Two channels: each is filtered on its own.
    const other = b.map((v) => 100 - v);
    const out = medianBlur(
      { data: Float32Array.from([...b, ...other]), shape: [1, 2, 6, 6] },
      5,
    ).data;
    const alone = medianBlur({ data: Float32Array.from(other), shape: [1, 1, 6, 6] }, 5).data;
    expect([...out.subarray(36)]).toEqual([...alone]);
    expect([...out.subarray(0, 36)]).toEqual([
      18, 24, 26, 31, 38, 38, 24, 26, 31, 31, 31, 31, 26, 31, 31, 27, 24, 19, 26, 26, 26, 25, 20,
      19, 26, 21, 21, 21, 21, 21, 7, 14, 14, 21, 21, 27,
    ]);
  });

  it('refuses an even window, naming the fix', () => {
    expect(() => medianBlur({ data: new Float32Array(16), shape: [1, 1, 4, 4] }, 4)).toThrow(
      /odd positive blurSize.*received 4/,
    );
  });
});
