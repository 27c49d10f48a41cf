import { createRng } from '../prng.js';
import { sizeOf } from '../tensor.js';
import { DenseAnalyticModel } from './dense-model.js';

export interface ReluNetworkWeights {
  /** `[H, D]` */ readonly w1: Float64Array;
  /** `[H]` */ readonly b1: Float64Array;
  /** `[K, H]` */ readonly w2: Float64Array;
  /** `[K]` */ readonly b2: Float64Array;
}

/**
 * `z = W2 relu(W1 x + b1) + b2`: piecewise linear, Jacobian `W2 diag(a > 0) W1`, zero
 * logit Hessians almost everywhere, so the Gauss-Newton product is its exact HVP.
 */
export function reluNetwork(
  inputShape: readonly number[],
  weights: ReluNetworkWeights,
): DenseAnalyticModel {
  const D = sizeOf(inputShape);
  const H = weights.b1.length;
  const K = weights.b2.length;
  const { w1, b1, w2, b2 } = weights;
  return new DenseAnalyticModel(inputShape, K, (x) => {
    const active = new Uint8Array(H);
    const hidden = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      let s = b1[h]!;
      for (let i = 0; i < D; i++) s += w1[h * D + i]! * x[i]!;
      active[h] = s > 0 ? 1 : 0;
      hidden[h] = Math.max(s, 0);
    }
    const logits = new Float64Array(K);
    const jacobian = new Float64Array(K * D);
    for (let k = 0; k < K; k++) {
      let s = b2[k]!;
      for (let h = 0; h < H; h++) {
        s += w2[k * H + h]! * hidden[h]!;
        if (!active[h]) continue;
        const w = w2[k * H + h]!;
        for (let i = 0; i < D; i++) jacobian[k * D + i]! += w * w1[h * D + i]!;
      }
      logits[k] = s;
    }
    return { logits, jacobian };
  });
}

/** A ReLU network with He-initialised weights from a seed. */
export function randomReluNetwork(
  inputShape: readonly number[],
  hidden: number,
  numClasses: number,
  seed = 1,
): DenseAnalyticModel {
  return reluNetwork(inputShape, randomReluWeights(inputShape, hidden, numClasses, seed));
}

/** He-initialised weights (biases N(0, 0.1^2)) from a seed, drawn in the order w1, b1, w2, b2. */
export function randomReluWeights(
  inputShape: readonly number[],
  hidden: number,
  numClasses: number,
  seed = 1,
): ReluNetworkWeights {
  const D = sizeOf(inputShape);
  const rng = createRng(seed, 103);
  const normals = (n: number, scale: number) =>
    Float64Array.from({ length: n }, () => rng.normal() * scale);
  return {
    w1: normals(hidden * D, Math.sqrt(2 / D)),
    b1: normals(hidden, 0.1),
    w2: normals(numClasses * hidden, Math.sqrt(2 / hidden)),
    b2: normals(numClasses, 0.1),
  };
}
