/**
 * Test-only: an analytic ReLU network that offers `withWeightNoise`, drawing the noise
 * as the ONNX backend does (`w (1 + sigma z)`, normals of `createRng(seed, stream)` in
 * the order w1, b1, w2, b2), so NoiseGrad and FusionGrad can be checked against an
 * independent computation. A seeded one: `noisyReluNetwork(shape, randomReluWeights(...))`.
 */
import { createRng, type Model, type WeightNoiseOptions } from '@xai/core';
import { type DenseAnalyticModel, type ReluNetworkWeights, reluNetwork } from '@xai/core/testing';

export type NoisyReluNetwork = DenseAnalyticModel & {
  readonly weights: ReluNetworkWeights;
  withWeightNoise(options: WeightNoiseOptions): Promise<NoisyReluNetwork>;
  /** How many noisy variants were made and disposed. */
  readonly variants: { made: number; disposed: number };
};

export function noisyReluNetwork(
  inputShape: readonly number[],
  weights: ReluNetworkWeights,
  variants = { made: 0, disposed: 0 },
): NoisyReluNetwork {
  const model = reluNetwork(inputShape, weights) as DenseAnalyticModel & Partial<Model>;
  return Object.assign(model, {
    weights,
    variants,
    async withWeightNoise(options: WeightNoiseOptions) {
      variants.made++;
      const rng = createRng(options.seed, options.stream ?? 0);
      const noisy = (w: Float64Array) => w.map((v) => v * (1 + options.sigma * rng.normal()));
      const w1 = noisy(weights.w1);
      const b1 = noisy(weights.b1);
      const w2 = noisy(weights.w2);
      const b2 = noisy(weights.b2);
      const variant = noisyReluNetwork(inputShape, { w1, b1, w2, b2 }, variants);
      return Object.assign(variant, {
        async dispose() {
          variants.disposed++;
        },
      });
    },
  });
}
