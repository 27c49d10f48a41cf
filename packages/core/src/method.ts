import type { Kernels } from './kernels.js';
import type { Classifier, Model } from './model.js';
import type { RunOptions } from './progress.js';
import type { Target } from './targets.js';
import type { Tensor } from './tensor.js';

/** Where a method or metric comes from, for `xai methods` and the docs. */
export interface PaperReference {
  readonly authors: string;
  readonly title: string;
  readonly venue: string;
  readonly year: number;
}

/** What every attribution method accepts besides its own options. */
export interface ExplainContext extends RunOptions {
  /** The class explained for each sample. */
  readonly target: Target;
  /** Seed of the counter-based generator; the same seed gives the same map on every backend. */
  readonly seed?: number;
  /** Which kernels do the array work (default `jsKernels`). */
  readonly kernels?: Kernels;
}

/**
 * An attribution method: its name, paper and defaults, and the function that runs it.
 * `explain` returns attributions shaped like `x`. Forward-only methods (occlusion, RISE)
 * take any `Classifier` and say so with `requires: 'forward'`; the rest need gradients.
 */
export interface AttributionMethod<
  O extends object = Record<string, unknown>,
  M extends Classifier = Model,
> {
  readonly name: string;
  /** What the model must offer: forward passes only, or gradients too (the default). */
  readonly requires?: 'forward' | 'gradients';
  readonly title: string;
  readonly summary: string;
  readonly paper: PaperReference;
  readonly defaults: Readonly<O>;
  explain(model: M, x: Tensor, options: ExplainContext & Partial<O>): Promise<Tensor>;
}
