import type { Tensor } from '@xai/core';
import { oneClassLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectBatchingIgnored } from '../../test/helpers/batching.js';
import { occlusion } from './occlusion.js';

// Linear logits on a 1x3x3 image: occluding a window (to 0) drops the class-0 logit by
// the window's sum of w_q x_q, so every attribution has a closed form.
const w = Float64Array.from([1, -2, 3, 0.5, 4, -1, 2, 0, 1.5]);
const model = oneClassLinearModel([1, 3, 3], w, 0.2);
const x: Tensor = {
  data: Float32Array.from([1, 2, 0.5, -1, 1, 2, 0.25, 3, 1]),
  shape: [1, 1, 3, 3],
};
const contribution = (p: number) => w[p]! * x.data[p]!;

describe('occlusion', () => {
  it('costs one forward pass per window and sample, plus one for the unoccluded scores', async () => {
    const counted = oneClassLinearModel([1, 3, 3], w, 0.2);
    const two: Tensor = { data: Float32Array.from([...x.data, ...x.data]), shape: [2, 1, 3, 3] };
    // 3x3 image, window 2, stride 1: 2 x 2 windows per sample.
    await occlusion.explain(counted, two, { target: 0, window: 2, stride: 1, maxBatchSize: 64 });
    expect(counted.calls.samples).toBe(2 + 2 * 4);
    // Window 1, stride 2: positions {0, 2} per axis, 4 windows per sample.
    counted.calls.samples = 0;
    await occlusion.explain(counted, two, { target: 0, window: 1, stride: 2 });
    expect(counted.calls.samples).toBe(2 + 2 * 4);
  });

  it('with a 1x1 window is w ⊙ x for a linear logit', async () => {
    const a = await occlusion.explain(model, x, {
      target: 0,
      window: 1,
      stride: 1,
      score: 'logit',
    });
    for (let p = 0; p < 9; p++) expect(a.data[p]).toBeCloseTo(contribution(p), 5);
  });

  it('averages the drops of every window that covers a pixel', async () => {
    const a = await occlusion.explain(model, x, {
      target: 0,
      window: 2,
      stride: 1,
      score: 'logit',
    });
    const drops = [0, 1].flatMap((top) =>
      [0, 1].map((left) => ({
        top,
        left,
        drop: [0, 1]
          .flatMap((dy) => [0, 1].map((dx) => contribution((top + dy) * 3 + left + dx)))
          .reduce((s, v) => s + v),
      })),
    );
    for (let p = 0; p < 9; p++) {
      const [y, xx] = [Math.floor(p / 3), p % 3];
      const covering = drops.filter(
        (d) => y >= d.top && y < d.top + 2 && xx >= d.left && xx < d.left + 2,
      );
      const want = covering.reduce((s, d) => s + d.drop, 0) / covering.length;
      expect(a.data[p]).toBeCloseTo(want, 5);
    }
  });

  it('gives the same map in small batches and rejects a window larger than the image', async () => {
    await expectBatchingIgnored(occlusion, model, x, { target: 0, window: 2, stride: 1 }, 1);
    await expect(occlusion.explain(model, x, { target: 0, window: 4 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
