import type { InputDomain } from './domain.js';
import type { Kernels } from './kernels.js';
import type { Classifier, Model } from './model.js';
import type { OptionRules } from './options.js';
import type { RunOptions } from './progress.js';
import type { Target } from './targets/target.js';
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
  /**
   * How pixels in [0, 1] became the inputs (the preprocessing's mean and std): the pixel
   * units and bounds of the methods that step or clip in pixel space, and the black and
   * white baselines. Set once where the inputs are made; absent means inputs are pixels.
   */
  readonly domain?: InputDomain;
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
  /** Every option key the method accepts (`undefined` where there is no default). */
  readonly defaults: Readonly<O>;
  /** What each option's value may be, checked by `resolveOptions` before any work. */
  readonly rules?: OptionRules<O>;
  /** Named sets of defaults chosen by the option `preset` (see `resolveOptions`). */
  readonly presets?: Readonly<Record<string, Partial<O>>>;
  explain(model: M, x: Tensor, options: ExplainContext & Partial<O>): Promise<Tensor>;
}
