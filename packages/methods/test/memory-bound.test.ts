import { loadOnnxModel, type OnnxModel } from '@xai/backend-onnx';
import { jsKernels, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rise } from '../src/perturbation/rise.js';

// The memory bound changes only how masks and model passes are batched, never the map.
describe('RISE under memory bounds', () => {
  const x = loadFixtureInputs();
  const rows: Tensor = { data: x.data.subarray(0, 2 * 784), shape: [2, 1, 28, 28] };
  const models: Record<string, OnnxModel> = {};
  beforeAll(async () => {
    for (const [key, bound] of [
      ['tight', 1],
      ['small', 200_000],
      ['roomy', 2 ** 33],
    ] as const)
      models[key] = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: bound });
  });
  afterAll(async () => {
    for (const m of Object.values(models)) await m.dispose();
  });

  it('gives the same map at one mask a chunk, at a few, and at all of them', async () => {
    const maps: Tensor[] = [];
    const forwardRows: number[][] = [];
    for (const [key, bound] of [
      ['tight', 1],
      ['small', 200_000],
      ['roomy', 2 ** 33],
    ] as const) {
      const model = models[key]!;
      const sizes: number[] = [];
      const counted = {
        ...model,
        forward: (t: Tensor) => {
          sizes.push(t.shape[0]!);
          return model.forward(t);
        },
      };
      maps.push(
        await rise.explain(counted, rows, {
          masks: 48,
          seed: 3,
          target: 'predicted',
          kernels: jsKernels,
          memoryLimitBytes: bound,
        }),
      );
      forwardRows.push(sizes);
    }
    // The target pass (2 rows; one a call under 1 byte), then each chunk of masks for image
    // 0 and image 1. A mask costs 4 (784 + 784 + 32²) = 10368 bytes; a chunk gets half the
    // bound: 200 kB -> 9.
    expect(forwardRows[0]).toEqual(new Array(2 + 2 * 48).fill(1));
    expect(forwardRows[1]).toEqual([2, ...[9, 9, 9, 9, 9, 3].flatMap((n) => [n, n])]);
    expect(forwardRows[2]).toEqual([2, 48, 48]);
    for (const m of maps.slice(1)) expect(m.data).toEqual(maps[0]!.data);
  }, 60_000);
});
