import { createRng } from '../prng.js';
import { sizeOf } from '../tensor.js';
import { DenseAnalyticModel } from './dense-model.js';
import { affineLogits } from './linear-model.js';

/**
 * `z_k = 1/2 x^T A_k x + b_k . x + c_k` with symmetric `A_k` `[D, D]`: Jacobian rows
 * `A_k x + b_k`, logit Hessians `A_k`. The gradient is linear in `x`, so a central
 * difference of gradients is exact here: the reference for finite-difference HVPs.
 */
export function quadraticModel(
  inputShape: readonly number[],
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
): DenseAnalyticModel {
  const D = sizeOf(inputShape);
  const K = c.length;
  return new DenseAnalyticModel(inputShape, K, (x) => {
    const logits = affineLogits(b, c, x);
    const jacobian = new Float64Array(K * D);
    for (let k = 0; k < K; k++) {
      let quad = 0;
      for (let i = 0; i < D; i++) {
        let ax = 0;
        for (let j = 0; j < D; j++) ax += a[k * D * D + i * D + j]! * x[j]!;
        jacobian[k * D + i] = ax + b[k * D + i]!;
        quad += x[i]! * ax;
      }
      logits[k] = logits[k]! + 0.5 * quad;
    }
    return { logits, jacobian, logitHessians: a };
  });
}

/** A quadratic model with random symmetric `A_k` (entries ~ N(0, 1/D)), from a seed. */
export function randomQuadraticModel(
  inputShape: readonly number[],
  numClasses: number,
  seed = 1,
): DenseAnalyticModel {
  const D = sizeOf(inputShape);
  const rng = createRng(seed, 102);
  const s = 1 / Math.sqrt(D);
  const a = new Float64Array(numClasses * D * D);
  for (let k = 0; k < numClasses; k++) {
    for (let i = 0; i < D; i++) {
      for (let j = i; j < D; j++) {
        const v = rng.normal() * s;
        a[k * D * D + i * D + j] = v;
        a[k * D * D + j * D + i] = v;
      }
    }
  }
  const b = Float64Array.from({ length: numClasses * D }, () => rng.normal() * s);
  const c = Float64Array.from({ length: numClasses }, () => rng.normal() * 0.1);
  return quadraticModel(inputShape, a, b, c);
}
