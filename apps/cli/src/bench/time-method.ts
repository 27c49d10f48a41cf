import {
  type AttributionMethod,
  type AttributionMetric,
  type Classifier,
  type ExplainContext,
  type Model,
  type ModelMeter,
  meteredModel,
  sliceBatch,
  type Tensor,
  XaiError,
} from '@xai/core';

/** Passes and time of one timed run (a method's explain, or one metric on its map). */
export interface BenchTiming {
  readonly seconds: number;
  /** Seconds inside the model's forward, vjp and jvp calls. */
  readonly insideSeconds: number;
  /** Share of the wall time spent outside the model, in [0, 1]. */
  readonly outside: number;
  readonly passes: Pick<ModelMeter, 'forward' | 'vjp' | 'jvp' | 'variants'>;
}

export interface BenchRow extends Partial<BenchTiming> {
  readonly method: string;
  /** Why the method did not run on this model (an XaiError's message and code). */
  readonly skipped?: string;
  readonly metrics?: ReadonlyArray<{ readonly metric: string } & BenchTiming>;
}

export interface TimeMethodOptions {
  readonly methodOptions: Record<string, unknown>;
  readonly metrics: ReadonlyArray<{
    // biome-ignore lint/suspicious/noExplicitAny: each metric has its own options type.
    readonly metric: AttributionMetric<any>;
    readonly options: Record<string, unknown>;
  }>;
  /** Target, seed, kernels, signal and progress for the method (its target as given). */
  readonly context: ExplainContext;
  /** The class of each sample, resolved, for the metrics (which score one sample at a time). */
  readonly classes: readonly number[];
  /** Untimed runs of the method first, so its code is compiled (default 0). */
  readonly warmup?: number;
  /** Sees the timed run's map (the bench scripts check it is finite); not timed. */
  readonly onMap?: (map: Tensor) => void;
}

/** Runs `call` on a fresh metered copy of `model`: wall time, passes, time inside. */
async function timed<T>(
  model: Model,
  call: (m: Model) => Promise<T>,
): Promise<{ value: T; timing: BenchTiming }> {
  const m = meteredModel(model);
  const t0 = performance.now();
  const value = await call(m);
  const ms = performance.now() - t0;
  const { forward, vjp, jvp, variants, insideMs } = m.meter;
  return {
    value,
    timing: {
      seconds: ms / 1000,
      insideSeconds: insideMs / 1000,
      outside: ms > 0 ? Math.max(0, (ms - insideMs) / ms) : 0,
      passes: { forward, vjp, jvp, variants },
    },
  };
}

/**
 * Times one method on the batch `x`, then each metric on the maps it made, one sample at a
 * time as `xai evaluate` scores them. A method or metric that refuses this model (an
 * XaiError other than an interruption, e.g. an op without a backward rule) is reported as
 * skipped, so one refusal does not end the benchmark.
 */
export async function timeMethod(
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own options type.
  method: AttributionMethod<any, any>,
  model: Model,
  x: Tensor,
  options: TimeMethodOptions,
): Promise<BenchRow> {
  const { context, methodOptions, classes } = options;
  try {
    for (let i = 0; i < (options.warmup ?? 0); i++)
      await method.explain(model, x, { ...methodOptions, ...context, onProgress: undefined });
    const run = await timed(model, (m) => method.explain(m, x, { ...methodOptions, ...context }));
    options.onMap?.(run.value);
    const metrics = [];
    for (const { metric, options: metricOptions } of options.metrics) {
      const { timing } = await timed(model, async (m) => {
        for (let i = 0; i < x.shape[0]!; i++) {
          const one = { ...context, target: [classes[i]!], onProgress: undefined };
          await metric.evaluate(m, sliceBatch(x, i, i + 1), sliceBatch(run.value, i, i + 1), {
            ...metricOptions,
            ...one,
            // Robustness metrics re-run the method on perturbed copies: those passes count.
            explain: (xs: Tensor, variant: Classifier = m) =>
              method.explain(variant, xs, {
                ...methodOptions,
                ...one,
                target: new Array<number>(xs.shape[0]!).fill(classes[i]!),
              }),
          });
        }
      });
      metrics.push({ metric: metric.name, ...timing });
    }
    return { method: method.name, ...run.timing, ...(metrics.length ? { metrics } : {}) };
  } catch (e) {
    if (!XaiError.isInstance(e) || e.code === 'ABORTED') throw e;
    return { method: method.name, skipped: `${e.message} [${e.code}]` };
  }
}
