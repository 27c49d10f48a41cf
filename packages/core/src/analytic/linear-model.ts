import { createRng } from '../prng.js';
import { sizeOf } from '../tensor.js';
import { DenseAnalyticModel } from './dense-model.js';

/** `z = W x + b` with `W` `[K, D]`: gradient `W^T u`, zero Hessian. */
export function linearModel(
  inputShape: readonly number[],
  weights: Float64Array,
  bias: Float64Array,
): DenseAnalyticModel {
  return new DenseAnalyticModel(inputShape, bias.length, (x) => ({
    logits: affineLogits(weights, bias, x),
    jacobian: weights,
  }));
}

/** `W x + b` in float64, each sum from `b_k` in index order (the quadratic model's linear part too). */
export function affineLogits(
  weights: Float64Array,
  bias: Float64Array,
  x: Float64Array,
): Float64Array {
  const D = x.length;
  const logits = new Float64Array(bias.length);
  for (let k = 0; k < bias.length; k++) {
    let s = bias[k]!;
    for (let i = 0; i < D; i++) s += weights[k * D + i]! * x[i]!;
    logits[k] = s;
  }
  return logits;
}

/**
 * Two classes: class 0 is `w · x + bias`, class 1 is constantly 0, so every attribution of
 * class 0 has a closed form in `w` (the tests' usual reference).
 */
export function oneClassLinearModel(
  inputShape: readonly number[],
  w: Float64Array,
  bias = 0,
): DenseAnalyticModel {
  return linearModel(
    inputShape,
    Float64Array.from([...w, ...new Float64Array(w.length)]),
    Float64Array.from([bias, 0]),
  );
}

/** A linear model with standard-normal weights scaled by `1/sqrt(D)`, from a seed. */
export function randomLinearModel(
  inputShape: readonly number[],
  numClasses: number,
  seed = 1,
): DenseAnalyticModel {
  const D = sizeOf(inputShape);
  const rng = createRng(seed, 101);
  const w = Float64Array.from({ length: numClasses * D }, () => rng.normal() / Math.sqrt(D));
  const b = Float64Array.from({ length: numClasses }, () => rng.normal() * 0.1);
  return linearModel(inputShape, w, b);
}
