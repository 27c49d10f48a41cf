import type { Tensor } from '@xai/core';
import { loadFixtureInputs } from '@xai/fixtures';

/** `n` rows of the 28x28 fixture images: the first ten, repeated in order. */
export function fixtureRows(n: number): Tensor {
  const x = loadFixtureInputs();
  const data = new Float32Array(n * 784);
  for (let r = 0; r < n; r++)
    data.set(x.data.subarray((r % 10) * 784, ((r % 10) + 1) * 784), r * 784);
  return { data, shape: [n, 1, 28, 28] };
}
