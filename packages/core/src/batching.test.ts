import { describe, expect, it } from 'vitest';
import {
  callerChunkOptions,
  defaultMemoryLimitBytes,
  forwardBatched,
  mapBatches,
  planBatches,
} from './batching.js';
import { XaiError } from './errors.js';
import type { Tensor } from './tensor.js';

describe('planBatches', () => {
  it('covers every sample once, under both bounds', () => {
    expect(planBatches(10, 4, { maxBatchSize: 4 })).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(planBatches(10, 100, { memoryLimitBytes: 350 })).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 10],
    ]);
    expect(planBatches(3, 1e9, { memoryLimitBytes: 10 })).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(planBatches(0, 4)).toEqual([]);
  });

  it('rejects bounds that cannot hold one sample', () => {
    expect(() => planBatches(3, 4, { maxBatchSize: 0 })).toThrow(XaiError);
    expect(() => planBatches(3, 4, { memoryLimitBytes: -1 })).toThrow(XaiError);
  });
});

describe('callerChunkOptions', () => {
  it('gives a caller half the bound for its own chunk, the default bound when none is set', () => {
    expect(callerChunkOptions({ memoryLimitBytes: 1000, maxBatchSize: 7 })).toEqual({
      memoryLimitBytes: 500,
      maxBatchSize: 7,
    });
    const none: { memoryLimitBytes?: number } = {};
    expect(callerChunkOptions(none).memoryLimitBytes).toBe(defaultMemoryLimitBytes / 2);
    // RISE's 4000 masks on ResNet-50 at 224 (1.06 MB a mask: image, mask, upsampled grid)
    // under 2 GB: 939 masks a chunk, not the 1878 the whole bound would give.
    const maskBytes = 4 * (3 * 224 * 224 + 224 * 224 + 256 * 256);
    expect(planBatches(4000, maskBytes, callerChunkOptions({ memoryLimitBytes: 2e9 }))[0]).toEqual([
      0, 939,
    ]);
    expect(planBatches(4000, maskBytes, { memoryLimitBytes: 2e9 })[0]).toEqual([0, 1878]);
  });
});

describe('mapBatches', () => {
  const x: Tensor = { data: Float32Array.from({ length: 7 * 3 }, (_, i) => i), shape: [7, 3] };
  const double = async (t: Tensor): Promise<Tensor> => ({
    data: t.data.map((v) => 2 * v),
    shape: [t.shape[0]!, 3],
  });

  it('gives the same result in chunks as in one call', async () => {
    const sizes: number[] = [];
    const chunked = await mapBatches(
      x,
      async (t) => {
        sizes.push(t.shape[0]!);
        return double(t);
      },
      { maxBatchSize: 3 },
    );
    expect(sizes).toEqual([3, 3, 1]);
    expect(chunked).toEqual(await double(x));
  });

  it('stops with ABORTED once the signal fires', async () => {
    const controller = new AbortController();
    const run = mapBatches(
      x,
      async (t) => {
        controller.abort();
        return double(t);
      },
      { maxBatchSize: 2, signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('forwardBatched', () => {
  it('runs the model in chunks under the bound and stacks the logits in order', async () => {
    const sizes: number[] = [];
    // Logits [row sum, row index marker]: the order of the chunks shows in the result.
    const model = {
      forward: async (t: Tensor) => {
        const n = t.shape[0]!;
        sizes.push(n);
        const d = t.data.length / n;
        const out = new Float32Array(n * 2);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < d; j++) out[i * 2] = out[i * 2]! + t.data[i * d + j]!;
          out[i * 2 + 1] = t.data[i * d]!;
        }
        return { data: out, shape: [n, 2] };
      },
    };
    const x = { data: Float32Array.from({ length: 5 * 3 }, (_, i) => i), shape: [5, 3] };
    const z = await forwardBatched(model, x, { maxBatchSize: 2 });
    expect(sizes).toEqual([2, 2, 1]);
    expect(z.shape).toEqual([5, 2]);
    expect([...z.data]).toEqual([3, 0, 12, 3, 21, 6, 30, 9, 39, 12]);
  });
});
