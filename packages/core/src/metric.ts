import type { PaperReference } from './bibliography/paper-reference.js';
import type { InputDomain } from './domain.js';
import type { Kernels } from './kernels.js';
import type { Classifier } from './model.js';
import type { OptionRules } from './options.js';
import type { RunOptions } from './progress.js';
import type { Target } from './targets/target.js';
import type { Tensor } from './tensor.js';

/** What every metric accepts besides its own options. */
export interface MetricContext extends RunOptions {
  /** The class scored for each sample (the label, or `'predicted'`). */
  readonly target: Target;
  /** Which kernels do the array work (default `jsKernels`). */
  readonly kernels?: Kernels;
  /** Seed of the counter-based generator, for metrics that sample. */
  readonly seed?: number;
  /** How pixels in [0, 1] became the inputs: the pixel values of fills and baselines. */
  readonly domain?: InputDomain;
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

/** The families of metrics, as Quantus groups them; also the folders of `@xai/metrics`. */
export type MetricFamily =
  | 'faithfulness'
  | 'robustness'
  | 'localisation'
  | 'randomisation'
  | 'complexity'
  | 'axioms';

/** A metric: name, family, direction, paper and defaults, and the function that scores attributions. */
export interface AttributionMetric<O extends object = Record<string, unknown>> {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly family: MetricFamily;
  /** Whether larger scores are better (Quantus' score_direction), for tables before any result. */
  readonly higherIsBetter: boolean;
  readonly paper: PaperReference;
  /**
   * Whether its score compares the sample with the other samples of the evaluation
   * (`dataset` in the context): an evaluation then counts the whole set in its results'
   * identities.
   */
  readonly usesDataset?: boolean;
  /** Every option key the metric accepts (`undefined` where there is no default). */
  readonly defaults: Readonly<O>;
  /** What each option's value may be, checked by `resolveOptions` before any work. */
  readonly rules?: OptionRules<O>;
  evaluate(
    model: Classifier,
    x: Tensor,
    attributions: Tensor,
    options: MetricContext & Partial<O>,
  ): Promise<MetricResult>;
}
