import type { PaperReference } from './bibliography/paper-reference.js';
import type { InputDomain } from './domain.js';
import type { Kernels } from './kernels.js';
import type { Classifier, Model } from './model.js';
import type { OptionRules } from './options.js';
import type { RunOptions } from './progress.js';
import type { Target } from './targets/target.js';
import type { Tensor } from './tensor.js';

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
 * The families of methods, one taxonomy for the docs sidebar, `xai methods` and the folders
 * of `@xai/methods`: plain gradients; path integrals and adversarial paths (IG, BIG, AGI);
 * noise averaging (SmoothGrad, AdaptGrad, NoiseGrad); input perturbation (occlusion, RISE,
 * masks); modified backward rules (guided backprop, LRP, Grad-CAM); the loss-approximation
 * family of Singla et al. (CAFO, CASO and their smooth forms); and the papers' iterative
 * searches (ISA, I-GOS).
 */
export type MethodFamily =
  | 'gradient'
  | 'path'
  | 'smoothing'
  | 'perturbation'
  | 'backward'
  | 'second-order'
  | 'search';

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
  /** Its family (also the folder of its source in `@xai/methods`). */
  readonly family: MethodFamily;
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
