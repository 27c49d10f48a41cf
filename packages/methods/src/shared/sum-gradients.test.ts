/** Batching, progress and cancellation of the shared gradient sum. */
import { jsKernels, type Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { attributeAtPoints } from './attribute-at-points.js';
import { sumGradients } from './sum-gradients.js';

describe('sumGradients', () => {
  it('batches points across samples under the memory bound and reports progress', async () => {
    const model = randomLinearModel([3], 2, 4);
    const x: Tensor = { data: Float32Array.of(1, 2, 3, -1, 0, 1), shape: [2, 3] };
    const events: number[] = [];
    const out = await sumGradients(
      model,
      x,
      Int32Array.of(0, 1),
      {
        pointsPerSample: 5,
        points: async (_b, s, e) => new Float32Array((e - s) * 3),
        accumulate: (_b, _k, g, _p, acc) => {
          for (let i = 0; i < 3; i++) acc[i]! += g[i]!;
        },
      },
      { objective: 'logit', maxBatchSize: 3, onProgress: (e) => events.push(e.done) },
    );
    // 10 points in chunks of at most 3, paced by time (one point first) since someone listens.
    expect(events[0]).toBe(1);
    expect(events.at(-1)).toBe(10);
    for (const [i, done] of events.entries())
      expect([1, 2, 3]).toContain(done - (events[i - 1] ?? 0));
    expect(model.calls.vjp).toBe(events.length);
    const w = model.derivatives(new Float64Array(3)).jacobian;
    for (let i = 0; i < 3; i++) {
      expect(out.data[i]).toBeCloseTo(5 * w[i]!, 5);
      expect(out.data[3 + i]).toBeCloseTo(5 * w[3 + i]!, 5);
    }
  });

  it('stops at an aborted signal', async () => {
    const model = randomLinearModel([3], 2, 4);
    const x: Tensor = { data: Float32Array.of(1, 2, 3), shape: [1, 3] };
    const controller = new AbortController();
    controller.abort();
    await expect(
      attributeAtPoints(model, x, Int32Array.of(0), {
        kernels: jsKernels,
        objective: 'logit',
        inner: 'gradient',
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
