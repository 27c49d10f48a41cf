import {
  type Classifier,
  type MetricContext,
  type Model,
  type RunOptions,
  throwIfAborted,
} from '@xai/core';
import { checkInteger } from './checks.js';
import { requireExplainer } from './explainer.js';
import { requireRandomisable } from './randomisable.js';

type Randomisable = Model & Required<Pick<Model, 'weightLayers' | 'withRandomizedLayers'>>;

/**
 * The model as one that can re-draw its layers and how many of them to randomise (default
 * all), checked before any model pass: NOT_SUPPORTED or INVALID_ARGUMENT naming the metric.
 */
export function cascadeDepth(
  model: Classifier,
  metric: string,
  layers: number | undefined,
): { readonly model: Randomisable; readonly L: number } {
  const m = requireRandomisable(model, metric);
  const L = layers ?? m.weightLayers.length;
  checkInteger(L, 'layers', 1, m.weightLayers.length);
  return { model: m, L };
}

/**
 * What a cascading randomisation metric needs, checked before any model pass: the method
 * to re-run (`explain`) and the randomisable model with its depth (see `cascadeDepth`).
 */
export function cascadeSetup(
  model: Classifier,
  metric: string,
  o: MetricContext & { readonly layers?: number | undefined },
) {
  const explain = requireExplainer(o, metric);
  return { explain, depth: cascadeDepth(model, metric, o.layers) };
}

/**
 * The cascading randomisation of Adebayo et al. that model-randomization and smooth-MPRT
 * share: the top layers re-drawn one more at a time (k = 1..L) from `seed`; `visit(randomized)`
 * gives one value per sample for each series, and the randomised model is disposed after it;
 * progress is reported a layer at a time. Returns each series as `[B, L]`.
 */
export async function cascadeLayers(
  depth: { readonly model: Randomisable; readonly L: number },
  B: number,
  o: Pick<RunOptions, 'signal' | 'onProgress'> & { readonly seed?: number },
  visit: (randomized: Model) => Promise<readonly Float64Array[]>,
): Promise<Float64Array[]> {
  const { model, L } = depth;
  const series: Float64Array[] = [];
  for (let k = 1; k <= L; k++) {
    throwIfAborted(o.signal);
    const randomized = await model.withRandomizedLayers(k, o.seed ?? 0);
    try {
      const values = await visit(randomized);
      for (const [s, v] of values.entries()) {
        series[s] ??= new Float64Array(B * L);
        for (let b = 0; b < B; b++) series[s]![b * L + k - 1] = v[b]!;
      }
    } finally {
      await randomized.dispose?.();
    }
    o.onProgress?.({ phase: 'layer', done: k, total: L });
  }
  return series;
}

/** The mean of each row of `values` `[B, L]`, in float64. */
export function rowMeans(values: Float64Array, B: number, L: number): Float64Array {
  const out = new Float64Array(B);
  for (let b = 0; b < B; b++)
    out[b] = values.subarray(b * L, (b + 1) * L).reduce((s, v) => s + v, 0) / L;
  return out;
}
