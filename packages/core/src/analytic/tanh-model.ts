import { sizeOf } from '../tensor.js';
import { DenseAnalyticModel } from './dense-model.js';
import { randomLinearModel } from './linear-model.js';

/**
 * `z_k = amplitude * tanh(gain * w_k . x)` with the weights of `randomLinearModel` (same
 * seed, no bias): smooth, saturating and far from linear along most paths, so path and
 * boundary methods can be checked where linear models make every rule exact.
 */
export function randomTanhModel(
  inputShape: readonly number[],
  numClasses: number,
  seed: number,
  { amplitude = 3, gain = 2 }: { amplitude?: number; gain?: number } = {},
): DenseAnalyticModel {
  const D = sizeOf(inputShape);
  const K = numClasses;
  const w = randomLinearModel(inputShape, K, seed).derivatives(new Float64Array(D)).jacobian;
  return new DenseAnalyticModel(inputShape, K, (v) => {
    const logits = new Float64Array(K);
    const jacobian = new Float64Array(K * D);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += gain * w[k * D + i]! * v[i]!;
      const th = Math.tanh(s);
      logits[k] = amplitude * th;
      for (let i = 0; i < D; i++)
        jacobian[k * D + i] = amplitude * (1 - th * th) * gain * w[k * D + i]!;
    }
    return { logits, jacobian };
  });
}
