/**
 * Points on the straight path `b + alpha (x - b)` and noisy copies `x + sigma z`, made by the
 * kernels' perturbation batch so every backend makes the same points from the same seed.
 */
import type { Kernels, Tensor } from '@xai/core';

/**
 * Points on the straight path from `baseline` to one sample `x` (any shape):
 * `[n, ...x.shape]` with point k = `b + alphas[k] (x - b)`, made by `kernels.perturb` with
 * a constant 1x1 mask per point, optionally plus `sigma z` from the noise stream.
 */
export async function pathPoints(
  kernels: Kernels,
  x: Tensor,
  baseline: Tensor | number,
  alphas: ArrayLike<number>,
  noise?: { sigma: number | Float32Array; seed: number; stream: number; offset?: number },
): Promise<Tensor> {
  const D = x.data.length;
  const flat = (t: Tensor): Tensor => ({ data: t.data, shape: [1, 1, D] });
  const masks = { data: Float32Array.from(alphas), shape: [alphas.length, 1, 1] };
  const out = await kernels.perturb({
    x: flat(x),
    baseline: typeof baseline === 'number' ? baseline : flat(baseline),
    masks,
    ...(noise ? { noise } : {}),
  });
  return { data: out.data, shape: [alphas.length, ...x.shape] };
}

/** One sample of a batch, `[...sampleShape]`. */
export function sampleOf(x: Tensor, b: number): Tensor {
  const D = x.data.length / (x.shape[0] ?? 1);
  return { data: x.data.subarray(b * D, (b + 1) * D), shape: x.shape.slice(1) };
}
