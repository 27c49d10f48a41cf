import { type Classifier, isDifferentiable, type Model, XaiError } from '@xai/core';
import { valueRange } from './pixels.js';

/** The model as one that can re-draw its layers, or NOT_SUPPORTED naming the metric. */
export function requireRandomisable(
  model: Classifier,
  metric: string,
): Model & Required<Pick<Model, 'weightLayers' | 'withRandomizedLayers'>> {
  const m = model as Partial<Model>;
  if (!isDifferentiable(model) || !m.weightLayers || typeof m.withRandomizedLayers !== 'function') {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected a model that can randomise its layers (weightLayers and withRandomizedLayers, as ONNX models loaded by @xai/backend-onnx have) for ${metric} but this one cannot.`,
    );
  }
  return model as Model & Required<Pick<Model, 'weightLayers' | 'withRandomizedLayers'>>;
}

/**
 * Discrete entropy (natural log) of the histogram of `values` in `bins` equal bins
 * between their minimum and maximum; 0 when they are all equal.
 */
export function histogramEntropy(values: ArrayLike<number>, bins: number): number {
  const [lo, hi] = valueRange(values);
  if (!(hi > lo)) return 0;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++)
    counts[Math.min(bins - 1, Math.floor(((values[i]! - lo) / (hi - lo)) * bins))]! += 1;
  let h = 0;
  for (const c of counts) {
    if (c > 0) {
      const p = c / values.length;
      h -= p * Math.log(p);
    }
  }
  return h;
}
