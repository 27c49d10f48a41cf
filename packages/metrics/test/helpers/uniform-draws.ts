/** Independent recomputations for the robustness metrics that perturb inputs with uniform noise. */
import type { Tensor } from '@xai/core';

/**
 * The lengths `||d_j||` of the perturbations the metrics document for sample `b`:
 * `d_j = fround(x_b + radius * (2u - 1)) - x_b`, the noise `u` given in draw order
 * (`samples` rows of one sample's size).
 */
export function perturbationLengths(
  x: Tensor,
  b: number,
  u: ArrayLike<number>,
  samples: number,
  radius: number,
): number[] {
  const D = x.data.length / x.shape[0]!;
  return Array.from({ length: samples }, (_, j) => {
    let s = 0;
    for (let i = 0; i < D; i++) {
      const xi = x.data[b * D + i]!;
      s += (Math.fround(xi + radius * (2 * u[j * D + i]! - 1)) - xi) ** 2;
    }
    return Math.sqrt(s);
  });
}

/** `||x_b||`, the length of sample `b`. */
export function sampleLength(x: Tensor, b: number): number {
  const D = x.data.length / x.shape[0]!;
  return Math.hypot(...x.data.subarray(b * D, (b + 1) * D));
}
