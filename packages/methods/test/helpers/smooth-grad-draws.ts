/**
 * SmoothGrad's noise as its documentation describes it (docs/rng.md), computed here rather
 * than by the method, for tests that check maps against an independent computation.
 */
import { jsKernels, type Tensor } from '@xai/core';
import { SMOOTH_GRAD_STREAM } from '../../src/smoothing/smooth-grad.js';

/** The noise scale of sample `b`: `level (max - min)` of its values (SmoothGrad's default 0.2). */
export function rangeSigma(x: Tensor, b: number, level = 0.2): number {
  const D = x.data.length / (x.shape[0] ?? 1);
  const s = [...x.data.subarray(b * D, (b + 1) * D)];
  return level * (Math.max(...s) - Math.min(...s));
}

/**
 * The normals of sample `b`'s `N` noisy copies of `D` values: copy n, element j is element
 * `(b N + n) D + j` of SmoothGrad's stream.
 */
export function smoothGradNormals(seed: number, b: number, N: number, D: number): Promise<Tensor> {
  return jsKernels.random({
    distribution: 'normal',
    shape: [N * D],
    seed,
    stream: SMOOTH_GRAD_STREAM,
    offset: b * N * D,
  });
}
