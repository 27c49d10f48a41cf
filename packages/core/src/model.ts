import type { Tensor } from './tensor.js';

/**
 * A classifier that can only be run forward: enough for perturbation methods (RISE,
 * occlusion) and for most metrics (insertion, deletion, flip ratio).
 */
export interface Classifier {
  /** The shape of one sample, e.g. `[3, 224, 224]`; inputs are batches `[B, ...inputShape]`. */
  readonly inputShape: readonly number[];
  /** The number of logits per sample. */
  readonly numClasses: number;
  /** Logits `[B, numClasses]` for a batch `[B, ...inputShape]`. */
  forward(x: Tensor): Promise<Tensor>;
  /** Frees native resources (sessions, device buffers); the model is unusable afterwards. */
  dispose?(): Promise<void>;
}

/**
 * A classifier as a differentiable function from inputs to logits. Backends only pull
 * back (or push forward) vectors given on the logits; losses and targets live in core,
 * so one gradient graph serves every loss.
 */
export interface Model extends Classifier {
  /** `J^T u`: the cotangent `u` `[B, numClasses]` pulled back to the input. */
  vjp(x: Tensor, cotangent: Tensor): Promise<{ logits: Tensor; grad: Tensor }>;
  /** `J v`: the tangent `v` (shaped like `x`) pushed forward to the logits. */
  jvp(x: Tensor, tangent: Tensor): Promise<{ logits: Tensor; jvp: Tensor }>;
  /**
   * Optional: the activation of a named inner tensor and the gradient of `u . logits`
   * with respect to it (Grad-CAM and other layer methods).
   */
  layerVjp?(
    x: Tensor,
    cotangent: Tensor,
    layer: string,
  ): Promise<{ logits: Tensor; activation: Tensor; grad: Tensor }>;
  /** Optional: the same model with another backward rule for ReLU (guided backprop, deconvnet). */
  withReluRule?(rule: ReluRule): Promise<Model>;
  /** Optional: the weight layers, from the logits down, as cascading randomisation visits them. */
  readonly weightLayers?: readonly string[];
  /**
   * Optional: a new model with the top `count` weight layers re-drawn at random (seeded),
   * for the model-randomisation test; the caller disposes it.
   */
  withRandomizedLayers?(count: number, seed: number): Promise<Model>;
  /**
   * Optional: a new model whose weights carry seeded multiplicative Gaussian noise,
   * `w <- w (1 + sigma z)`, for NoiseGrad and FusionGrad; the caller disposes it.
   */
  withWeightNoise?(options: WeightNoiseOptions): Promise<Model>;
}

/** The weight noise of `Model.withWeightNoise`: same (sigma, seed, stream), same weights. */
export interface WeightNoiseOptions {
  /** Standard deviation of the multiplicative noise: `w <- w (1 + sigma N(0, 1))`. */
  readonly sigma: number;
  /** Seed of the counter-based generator. */
  readonly seed: number;
  /** Stream of the generator (default 0), to draw several noisy models from one seed. */
  readonly stream?: number;
}

/** Backward rules for ReLU: the true gradient, guided backpropagation, deconvnet. */
export type ReluRule = 'standard' | 'guided' | 'deconvnet';

/** True when `m` can be differentiated (has `vjp` and `jvp`). */
export function isDifferentiable(m: Classifier): m is Model {
  const d = m as Partial<Model>;
  return typeof d.vjp === 'function' && typeof d.jvp === 'function';
}
