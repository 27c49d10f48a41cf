import { type MetricContext, XaiError } from '@xai/core';

/** The context's `explain`, or an error saying that this metric re-runs the method. */
export function requireExplainer(
  options: MetricContext,
  metric: string,
): NonNullable<MetricContext['explain']> {
  if (!options.explain) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an explain function in the options of '${metric}' (it re-runs the method on perturbed inputs) but received none; pass explain: (x) => method.explain(model, x, ...).`,
    );
  }
  return options.explain;
}

/** Euclidean norm of a slice. */
export function norm2(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}
