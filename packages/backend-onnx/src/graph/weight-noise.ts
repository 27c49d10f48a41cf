import { createRng, XaiError } from '@xai/core';
import { type ModelProto, onnx, type TensorProto } from '../onnx-proto.js';
import { FLOAT } from './graph.js';

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
  const initializer = (g.initializer ?? []).map((t): TensorProto => {
    const values = floatValues(t);
    if (!values || values.length <= 1 || statistics.has(t.name ?? '')) return t;
    const noisy = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) noisy[i] = values[i]! * (1 + sigma * rng.normal());
    return onnx.TensorProto.create({
      name: t.name,
      dims: t.dims,
      dataType: FLOAT,
      rawData: new Uint8Array(noisy.buffer),
    });
  });
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...g, initializer }) });
}

/** The values of a float32 initializer stored in the file, or undefined for others. */
function floatValues(t: TensorProto): Float32Array | undefined {
  if (t.dataType !== FLOAT || (t.externalData?.length ?? 0) > 0) return undefined;
  if (t.rawData && t.rawData.length > 0) {
    const copy = t.rawData.slice();
    return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  }
  return t.floatData && t.floatData.length > 0 ? Float32Array.from(t.floatData) : undefined;
}
