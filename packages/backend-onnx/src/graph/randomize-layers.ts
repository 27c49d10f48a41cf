import { createRng, XaiError } from '@xai/core';
import type { ModelProto, NodeProto } from '../onnx-proto.js';
import { withFloatInitializers } from './float-initializers.js';
import { FLOAT } from './graph.js';

/** The layers whose weights cascading randomisation re-draws, from the logits down. */
const weighted = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

/**
 * The weight-carrying layers of a model (Conv, ConvTranspose, Gemm, MatMul with a float32
 * initializer operand), from the output towards the input: the order in which the model
 * parameter randomisation test (Adebayo et al., NeurIPS 2018) re-draws them.
 */
export function weightLayers(model: ModelProto): NodeProto[] {
  const g = model.graph!;
  const inits = new Set(
    (g.initializer ?? []).filter((t) => t.dataType === FLOAT).map((t) => t.name),
  );
  return (g.node ?? [])
    .filter((n) => weighted.has(n.opType ?? '') && (n.input ?? []).some((i) => inits.has(i)))
    .reverse();
}

/**
 * A copy of the model whose top `count` weight layers (see `weightLayers`) have their
 * float32 initializers (weights and biases) re-drawn from a normal distribution with each
 * tensor's own mean and standard deviation; seeded, so cascades are reproducible.
 */
export function withRandomizedLayers(model: ModelProto, count: number, seed: number): ModelProto {
  const layers = weightLayers(model);
  if (!Number.isInteger(count) || count < 0 || count > layers.length) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a layer count from 0 to ${layers.length} for the randomisation but received ${count}.`,
    );
  }
  const targets = new Set(layers.slice(0, count).flatMap((n) => n.input ?? []));
  const rng = createRng(seed, 0);
  return withFloatInitializers(model, (t, w) => {
    // Raw bytes only, as this has always read them: weights kept in floatData stay as they are.
    if (!targets.has(t.name ?? '') || !t.rawData?.length) return undefined;
    let mean = 0;
    for (const v of w) mean += v;
    mean /= w.length;
    let sq = 0;
    for (const v of w) sq += (v - mean) ** 2;
    const std = w.length > 1 ? Math.sqrt(sq / w.length) : Math.abs(mean);
    const out = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) out[i] = mean + std * rng.normal();
    return out;
  });
}
