import type { Classifier, Kernels, Target, Tensor } from '@xai/core';
import type { ResultRecord } from '../record.js';
import type { PlannedResult, PlannedUnit } from './plan.js';

export interface UnitContext {
  readonly model: Classifier;
  /** The unit's sample, shaped [1, ...]. */
  readonly sample: Tensor;
  readonly seed: number;
  /** Every sample of the evaluation with its class, for set-level metrics (focus, sufficiency). */
  readonly dataset?: { readonly x: Tensor; readonly targets: ArrayLike<number> };
  readonly kernels?: Kernels;
  readonly signal?: AbortSignal;
  /** Called after the explanation and after each metric. */
  readonly onStep?: (step: 'explained' | 'scored') => void;
}

/**
 * Explains one sample with one method and scores the map with the given results' metrics.
 * The same unit gives the same records wherever it runs (counter-based random streams).
 */
export async function computeUnit(
  unit: PlannedUnit,
  wanted: readonly PlannedResult[],
  ctx: UnitContext,
): Promise<ResultRecord[]> {
  const common = {
    ...unit.methodOptions,
    seed: ctx.seed,
    ...(ctx.kernels ? { kernels: ctx.kernels } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  const started = performance.now();
  const map = await unit.method.explain(ctx.model, ctx.sample, {
    ...common,
    target: [unit.target],
  });
  const explainSeconds = (performance.now() - started) / 1000;
  ctx.onStep?.('explained');
  // Robustness metrics re-run the method on perturbed copies of this sample (its class);
  // random logit and the set-level metrics name the classes to explain.
  const explain = (xs: Tensor, variant: Classifier = ctx.model, target?: Target) =>
    unit.method.explain(variant, xs, {
      ...common,
      target: target ?? new Array<number>(xs.shape[0]!).fill(unit.target),
    });
  const records: ResultRecord[] = [];
  for (const r of wanted) {
    const t0 = performance.now();
    const out = await r.metric.evaluate(ctx.model, ctx.sample, map, {
      ...r.options,
      target: [unit.target],
      seed: ctx.seed,
      explain,
      ...(ctx.dataset ? { dataset: ctx.dataset } : {}),
      ...(ctx.kernels ? { kernels: ctx.kernels } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const curve = tensorCurve(out.details?.curves);
    records.push({
      id: r.id,
      explanation: unit.explanation,
      sample: unit.sample,
      source: unit.source,
      method: unit.method.name,
      metric: r.metric.name,
      target: unit.target,
      score: out.scores[0]!,
      seconds: explainSeconds + (performance.now() - t0) / 1000,
      ...(curve ? { curve } : {}),
    });
    ctx.onStep?.('scored');
  }
  return records;
}

/** A per-step curve given as a tensor [1, steps]; other shapes (PIC's point lists) are not kept. */
function tensorCurve(c: unknown): number[] | undefined {
  const t = c as Partial<Tensor> | undefined;
  return t && ArrayBuffer.isView(t.data) && Array.isArray(t.shape) ? Array.from(t.data) : undefined;
}
