import type { Kernels } from './kernels.js';
import type { PaperReference } from './method.js';
import type { Classifier } from './model.js';
import type { RunOptions } from './progress.js';
import type { Target } from './targets.js';
import type { Tensor } from './tensor.js';

/** What every metric accepts besides its own options. */
export interface MetricContext extends RunOptions {
  /** The class scored for each sample (the label, or `'predicted'`). */
  readonly target: Target;
  /** Which kernels do the array work (default `jsKernels`). */
  readonly kernels?: Kernels;
  /** Seed of the counter-based generator, for metrics that sample. */
  readonly seed?: number;
  /**
   * The method under evaluation, re-run on other inputs (same targets), on the evaluated
   * model or on `model` when given (a variant of it): robustness and invariance metrics
   * need it; the harness passes it. `target` overrides the classes explained (random
   * logit explains another class).
   */
  readonly explain?: (x: Tensor, model?: Classifier, target?: Target) => Promise<Tensor>;
  /**
   * Other samples of the evaluation with their classes, for metrics that compare samples
   * or combine them (focus builds mosaics from them); the harness passes it.
   */
  readonly dataset?: { readonly x: Tensor; readonly targets: ArrayLike<number> };
}

/** One score per sample, and whatever else the metric reports (curves, per-step values). */
export interface MetricResult {
  /** The metric's headline value per sample. */
  readonly scores: Float64Array;
  /** Whether larger scores are better, so tables can mark the best method. */
  readonly higherIsBetter: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The families metrics are grouped in (Quantus' grouping; the folders of `@xai/metrics`). */
export type MetricFamily =
  | 'faithfulness'
  | 'robustness'
  | 'localisation'
  | 'randomisation'
  | 'complexity'
  | 'axioms';

/** An attribution metric: name, paper and defaults, and the function that scores attributions. */
export interface AttributionMetric<O extends object = Record<string, unknown>> {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly paper: PaperReference;
  /** The family it belongs to, read by `xai metrics` and the docs. */
  readonly family: MetricFamily;
  /** Whether larger scores are better (Quantus' `score_direction`), declared on the metric itself. */
  readonly higherIsBetter: boolean;
  readonly defaults: Readonly<O>;
  evaluate(
    model: Classifier,
    x: Tensor,
    attributions: Tensor,
    options: MetricContext & Partial<O>,
  ): Promise<MetricResult>;
}
