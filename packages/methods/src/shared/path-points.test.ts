/** Path points and noisy copies against their formula and the kernels' noise stream. */
import { jsKernels, type Tensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { pathPoints } from './path-points.js';

describe('path points', () => {
  it('are b + alpha (x - b) in the sample shape, plus sigma z from the noise stream', async () => {
    const x: Tensor = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };
    const b: Tensor = { data: Float32Array.of(0, 1, 0, 1, 0, 1), shape: [2, 3] };
    const pts = await pathPoints(jsKernels, x, b, [0, 0.5, 1]);
    expect(pts.shape).toEqual([3, 2, 3]);
    expect([...pts.data.subarray(0, 6)]).toEqual([...b.data]);
    expect([...pts.data.subarray(6, 12)]).toEqual([0.5, 1.5, 1.5, 2.5, 2.5, 3.5]);
    expect([...pts.data.subarray(12)]).toEqual([...x.data]);
    const noisy = await pathPoints(jsKernels, x, 0, [1, 1], { sigma: 0.5, seed: 3, stream: 9 });
    const z = await jsKernels.random({ distribution: 'normal', shape: [12], seed: 3, stream: 9 });
    for (let i = 0; i < 12; i++) {
      expect(noisy.data[i]).toBeCloseTo(x.data[i % 6]! + 0.5 * z.data[i]!, 6);
    }
  });
});
