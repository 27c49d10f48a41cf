import { createRng, XaiError } from '@xai/core';
import type { ModelProto } from '../onnx-proto.js';
import { withFloatInitializers } from './float-initializers.js';

export interface WeightNoiseOptions {
  /** Standard deviation of the multiplicative noise: `w <- w * (1 + sigma * N(0, 1))`. */
  readonly sigma: number;
  /** Seed of the counter-based generator: the same seed gives the same weights. */
  readonly seed: number;
  /** Stream of the generator (default 0), to draw several noisy models from one seed. */
  readonly stream?: number;
}

/**
 * A copy of the model whose weights carry multiplicative Gaussian noise (NoiseGrad, Bykov
 * et al., AAAI 2022: `w ⊙ η`, `η ~ N(1, sigma^2)`). Noise goes on every float32
 * initializer of more than one element except batch-norm running statistics (which are
 * not weights); scalars (epsilons, exponents) are kept. Initializers are visited in graph
 * order and draw consecutive normals, so the result depends only on (model, seed, stream).
 */
export function withWeightNoise(model: ModelProto, options: WeightNoiseOptions): ModelProto {
  const { sigma, seed, stream = 0 } = options;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-negative finite sigma for the weight noise but received ${sigma}.`,
    );
  }
  const g = model.graph!;
  const statistics = new Set<string>();
  for (const n of g.node ?? []) {
    if (n.opType === 'BatchNormalization') {
      for (const i of [3, 4]) if (n.input?.[i]) statistics.add(n.input[i]!);
    }
  }
  const rng = createRng(seed, stream);
  return withFloatInitializers(model, (t, values) => {
    if (values.length <= 1 || statistics.has(t.name ?? '')) return undefined;
    const noisy = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) noisy[i] = values[i]! * (1 + sigma * rng.normal());
    return noisy;
  });
}
