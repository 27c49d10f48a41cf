import type { BackwardRules, Model, WeightNoiseOptions } from './model.js';
import type { LossName } from './targets/loss.js';
import type { Tensor } from './tensor.js';

/** Calls of one kind of model pass, and the batch rows they carried. */
export interface PassCount {
  calls: number;
  rows: number;
}

/**
 * What a metered model has served: passes by kind and the wall time spent inside them.
 * `vjp` also counts `layerVjp`, `deepLiftVjp` and `lossVjp` (each one backward pass over
 * its rows; `lossVjp`'s forward is the one every VJP runs);
 * `variants` counts the models derived from it (weight noise, other backward rules),
 * whose passes are counted here too.
 */
export interface ModelMeter {
  forward: PassCount;
  vjp: PassCount;
  jvp: PassCount;
  variants: number;
  /** Milliseconds spent inside the model's calls, by the clock given (default `performance.now`). */
  insideMs: number;
}

/** A fresh meter with every count at zero. */
export function emptyMeter(): ModelMeter {
  return {
    forward: { calls: 0, rows: 0 },
    vjp: { calls: 0, rows: 0 },
    jvp: { calls: 0, rows: 0 },
    variants: 0,
    insideMs: 0,
  };
}

/**
 * Wraps `inner` so that every pass is counted and timed in `meter`: the cost of a method
 * in model passes, and the share of its wall time spent outside the model (benchmarks,
 * `xai bench`, the methods' cost tests). The optional capabilities of `inner` are passed
 * through, and the models they derive are metered into the same `meter`.
 */
export function meteredModel(
  inner: Model,
  meter: ModelMeter = emptyMeter(),
  now: () => number = () => performance.now(),
): Model & { readonly meter: ModelMeter } {
  const timed = async <T>(kind: PassCount, rows: number, call: () => Promise<T>): Promise<T> => {
    const t0 = now();
    try {
      return await call();
    } finally {
      meter.insideMs += now() - t0;
      kind.calls++;
      kind.rows += rows;
    }
  };
  const derived = async (make: () => Promise<Model>) => {
    meter.variants++;
    return meteredModel(await make(), meter, now);
  };
  const m: Model & { readonly meter: ModelMeter } = {
    meter,
    inputShape: inner.inputShape,
    numClasses: inner.numClasses,
    forward: (x) => timed(meter.forward, x.shape[0]!, () => inner.forward(x)),
    vjp: (x, u) => timed(meter.vjp, x.shape[0]!, () => inner.vjp(x, u)),
    jvp: (x, v) => timed(meter.jvp, x.shape[0]!, () => inner.jvp(x, v)),
  };
  if (inner.lastConvLayer !== undefined) Object.assign(m, { lastConvLayer: inner.lastConvLayer });
  if (inner.weightLayers !== undefined) Object.assign(m, { weightLayers: inner.weightLayers });
  if (inner.layerVjp) {
    const f = inner.layerVjp.bind(inner);
    m.layerVjp = (x: Tensor, u: Tensor, layer: string) =>
      timed(meter.vjp, x.shape[0]!, () => f(x, u, layer));
  }
  if (inner.lossVjp) {
    const f = inner.lossVjp.bind(inner);
    m.lossVjp = (x: Tensor, loss: LossName, targets: Int32Array | 'predicted') =>
      timed(meter.vjp, x.shape[0]!, () => f(x, loss, targets));
  }
  if (inner.deepLiftVjp) {
    const f = inner.deepLiftVjp.bind(inner);
    m.deepLiftVjp = (x: Tensor, r: Tensor, u: Tensor) =>
      timed(meter.vjp, x.shape[0]!, () => f(x, r, u));
  }
  if (inner.withBackwardRules) {
    const f = inner.withBackwardRules.bind(inner);
    m.withBackwardRules = (rules: BackwardRules) => derived(() => f(rules));
  }
  if (inner.withWeightNoise) {
    const f = inner.withWeightNoise.bind(inner);
    m.withWeightNoise = (o: WeightNoiseOptions) => derived(() => f(o));
  }
  if (inner.withRandomizedLayers) {
    const f = inner.withRandomizedLayers.bind(inner);
    m.withRandomizedLayers = (count: number, seed: number) => derived(() => f(count, seed));
  }
  if (inner.dispose) m.dispose = inner.dispose.bind(inner);
  return m;
}
