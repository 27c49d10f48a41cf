/**
 * NoiseGrad's noisy models as the ONNX backend documents them, and the exact input gradient
 * of a ReLU network, computed here rather than by the methods, for tests that check maps
 * against an independent computation.
 */
import { createRng } from '@xai/core';
import type { ReluNetworkWeights } from '@xai/core/testing';
import { NOISE_GRAD_STREAM } from '../../src/smoothing/noise-grad.js';
import type { NoisyReluNetwork } from '../noisy-relu-network.js';

/** The weights that enter a ReLU network's input gradient (b2 does not). */
export type GradientWeights = Pick<ReluNetworkWeights, 'w1' | 'b1' | 'w2'>;

/**
 * Noisy model `k` of a NoiseGrad run, drawn here as the ONNX backend documents it:
 * `w (1 + sigma z)`, z the normals of `createRng(seed, NOISE_GRAD_STREAM + k)` in the
 * order w1, b1, w2.
 */
export function noisyWeights(
  model: NoisyReluNetwork,
  seed: number,
  k: number,
  sigma: number,
): GradientWeights {
  const rng = createRng(seed, NOISE_GRAD_STREAM + k);
  const noisy = (w: Float64Array) => w.map((v) => v * (1 + sigma * rng.normal()));
  const w1 = noisy(model.weights.w1);
  const b1 = noisy(model.weights.b1);
  return { w1, b1, w2: noisy(model.weights.w2) };
}

/** The input gradient of logit `t` of the ReLU network `w` at `input`: the active units' `w2[t, h] w1[h, :]` summed. */
export function reluLogitGradient(
  w: GradientWeights,
  input: ArrayLike<number>,
  t: number,
): Float64Array {
  const n = input.length;
  const H = w.b1.length;
  const g = new Float64Array(n);
  for (let h = 0; h < H; h++) {
    let z = w.b1[h]!;
    for (let j = 0; j < n; j++) z += w.w1[h * n + j]! * input[j]!;
    if (z <= 0) continue;
    for (let j = 0; j < n; j++) g[j]! += w.w2[t * H + h]! * w.w1[h * n + j]!;
  }
  return g;
}
