/**
 * The option resolver, for every metric in the registry (generated from it, not listed by
 * hand): a misspelt key is rejected with the right suggestion, every value its rule
 * forbids (null included) is rejected, both before the model's first pass and before the
 * method is re-run, and undefined values keep the defaults (the same scores as none).
 */
import {
  type AttributionMetric,
  createRng,
  emptyMeter,
  meteredModel,
  type Tensor,
  XaiError,
} from '@xai/core';
import { describeOptionResolver, randomReluNetwork } from '@xai/core/testing';
import { metrics } from './registry.js';

const shape = [3, 16, 16];
const random = (n: number, seed: number) => {
  const rng = createRng(seed, 1);
  return Float32Array.from({ length: n }, () => rng.uniform());
};
const x: Tensor = { data: random(768, 7), shape: [1, ...shape] };
const attributions: Tensor = { data: random(768, 8), shape: [1, ...shape] };

/** A metered model and an `explain` that counts its calls as passes too. */
function harness() {
  const meter = emptyMeter();
  const model = meteredModel(randomReluNetwork(shape, 8, 3, 2), meter);
  let explained = 0;
  const explain = async (xs: Tensor) => {
    explained++;
    return { data: xs.data.map((v) => v * 0.5), shape: [...xs.shape] };
  };
  const passes = () =>
    meter.forward.calls + meter.vjp.calls + meter.jvp.calls + meter.variants + explained;
  return { model, explain, passes };
}

/** A mask for the localisation metrics that need one (the left half), and a k that fits. */
const masks: Tensor = {
  data: Float32Array.from({ length: 256 }, (_, i) => (i % 16 < 8 ? 1 : 0)),
  shape: [1, 1, 16, 16],
};
const needs: Record<string, Record<string, unknown>> = {
  auc: { masks },
  'relevance-mass-accuracy': { masks },
  'relevance-rank-accuracy': { masks },
  'attribution-localisation': { masks },
  'top-k-intersection': { masks, k: 50 },
  // Their defaults cost tens of seconds here; fewer samples keep the test short.
  'monotonicity-correlation': { samples: 3 },
  'non-sensitivity': { samples: 3 },
};

async function run(metric: AttributionMetric, options: Record<string, unknown>) {
  const h = harness();
  try {
    const r = await metric.evaluate(h.model, x, attributions, {
      target: [0],
      seed: 3,
      explain: h.explain,
      ...needs[metric.name],
      ...options,
    });
    return { output: Array.from(r.scores), passes: h.passes() };
  } catch (error) {
    if (!XaiError.isInstance(error)) throw error;
    return { error, passes: h.passes() };
  }
}

/**
 * Metrics that cannot score on this harness: no boxes; no layers to randomise; no inner
 * layer to read (their errors are still the same with undefined options).
 */
const cannotRun = new Set([
  'pointing-game',
  'model-randomization',
  'efficient-mprt',
  'smooth-mprt',
  'relative-representation-stability',
]);

describeOptionResolver<AttributionMetric>(metrics, {
  run,
  runsHere: (metric) => !cannotRun.has(metric.name),
  given: (metric) => needs[metric.name] ?? {},
});
