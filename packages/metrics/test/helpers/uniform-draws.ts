/** Independent recomputations for the robustness metrics that perturb inputs with uniform noise. */
import type { AttributionMetric, Classifier, Tensor } from '@xai/core';
import { expect } from 'vitest';
import type { SensitivityOptions } from '../../src/shared/sensitivity.js';
import { identityExplainer } from './explainers.js';

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

/**
 * Runs a sensitivity metric with phi(x) = x, whose map moves exactly as the input does,
 * and expects `reduce(||d_j||) / ||x_b||` for each sample; `noise(b)` is the uniform noise
 * the metric documents for sample `b`, in draw order.
 */
export async function expectIdentitySensitivity(
  metric: AttributionMetric<SensitivityOptions>,
  model: Classifier,
  x: Tensor,
  draws: { readonly samples: number; readonly radius: number; readonly seed: number },
  noise: (b: number) => ArrayLike<number>,
  reduce: (lengths: number[]) => number,
): Promise<void> {
  const r = await metric.evaluate(model, x, x, { target: 0, explain: identityExplainer, ...draws });
  for (let b = 0; b < x.shape[0]!; b++) {
    const lengths = perturbationLengths(x, b, noise(b), draws.samples, draws.radius);
    expect(r.scores[b]).toBeCloseTo(reduce(lengths) / sampleLength(x, b), 5);
  }
}
