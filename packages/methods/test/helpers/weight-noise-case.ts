/**
 * The case the weight-noise tests share (NoiseGrad, FusionGrad, and SmoothGrad and
 * AdaptGrad around NoiseGrad): two 2 x 2 x 3 inputs and a seeded ReLU network with 10
 * hidden units and 3 classes that offers weight noise.
 */
import type { Tensor } from '@xai/core';
import { randomReluWeights } from '@xai/core/testing';
import { type NoisyReluNetwork, noisyReluNetwork } from '../noisy-relu-network.js';

export const shape = [2, 2, 3];
/** Values per sample. */
export const D = 12;
export const x: Tensor = {
  data: Float32Array.from({ length: 2 * D }, (_, i) => Math.cos(0.7 * i) + 0.2),
  shape: [2, ...shape],
};

/** The network, made afresh so that each test counts only its own noisy variants. */
export function noisyNetwork(): NoisyReluNetwork {
  return noisyReluNetwork(shape, randomReluWeights(shape, 10, 3, 4));
}
