import type { Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { pointingGame } from './pointing-game.js';

const model = randomLinearModel([1, 5, 5], 2);
const x: Tensor = { data: new Float32Array(25), shape: [1, 1, 5, 5] };
const peakAt = (px: number, py: number): Tensor => {
  const data = new Float32Array(25);
  data[py * 5 + px] = 1;
  return { data, shape: [1, 1, 5, 5] };
};

describe('pointing game', () => {
  it('hits inside a box, misses outside, and counts the tolerance by Euclidean distance', async () => {
    const a = peakAt(4, 4);
    const run = (boxes: Array<[number, number, number, number]>, tolerance: number) =>
      pointingGame.evaluate(model, x, a, { target: 0, boxes: [boxes], tolerance });
    expect((await run([[3, 3, 4, 4]], 0)).scores[0]).toBe(1);
    expect((await run([[0, 0, 1, 1]], 0)).scores[0]).toBe(0);
    // (4, 4) to box corner (2, 2) is sqrt(8) ~ 2.83.
    expect((await run([[0, 0, 2, 2]], 2.8)).scores[0]).toBe(0);
    expect((await run([[0, 0, 2, 2]], 2.9)).scores[0]).toBe(1);
    expect(
      (
        await run(
          [
            [0, 0, 0, 0],
            [4, 0, 4, 4],
          ],
          0,
        )
      ).scores[0],
    ).toBe(1);
  });

  it('needs one list of boxes per sample', async () => {
    await expect(
      pointingGame.evaluate(model, x, peakAt(0, 0), { target: 0, boxes: [] }),
    ).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
  });
});
