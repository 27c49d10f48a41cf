import type { LossName } from './targets/loss.js';
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
   * Optional: `vjp` with the cotangent of a named loss computed from the logits inside the
   * same pass (one model run where `forward` then `vjp` take two): the logits and the
   * gradient of each sample's loss with respect to its input. `targets` holds one class
   * per sample (checked by the caller), or is `'predicted'`: each sample's argmax of the
   * logits of this pass, the first one on ties as `resolveTargets` takes it. The cotangent
   * must equal `toLoss(loss).gradient(logits, targets)` up to float64 rounding (backends
   * compute it in float64 and round it to float32, as core does). `lossGradient` uses it
   * when present; wrappers pass it through or leave it out, never route it elsewhere.
   */
  lossVjp?(
    x: Tensor,
    loss: LossName,
    targets: Int32Array | 'predicted',
  ): Promise<{ logits: Tensor; grad: Tensor }>;
  /**
   * Optional: the activation of a named inner tensor and the gradient of `u . logits`
   * with respect to it (Grad-CAM and other layer methods).
   */
  layerVjp?(
    x: Tensor,
    cotangent: Tensor,
    layer: string,
  ): Promise<{ logits: Tensor; activation: Tensor; grad: Tensor }>;
  /**
   * Optional: the same model whose `vjp` and `layerVjp` use other backward rules (guided
   * backprop, deconvnet, LRP, excitation backprop), the one way to ask for modified
   * backward passes; throws `UNSUPPORTED_OP` at once when an op on the path has no rule
   * for them. The caller disposes the variant (it frees only its own resources).
   */
  withBackwardRules?(rules: BackwardRules): Promise<Model>;
  /**
   * Optional: DeepLIFT-rescale multipliers of `u . logits` from `reference` to `x` (both
   * `[B, ...inputShape]`): the backward pass with `(y - y_ref) / (z - z_ref)` at
   * nonlinearities, so `sum((x - reference) * grad) = u . (logits - referenceLogits)`.
   */
  deepLiftVjp?(
    x: Tensor,
    reference: Tensor,
    cotangent: Tensor,
  ): Promise<{ logits: Tensor; referenceLogits: Tensor; grad: Tensor }>;
  /** Optional: the inner tensor layer methods (Grad-CAM) explain by default: the last convolution's output. */
  readonly lastConvLayer?: string;
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

/**
 * How a backward pass treats the layers with weights (Conv, Gemm, MatMul with a constant
 * operand, BatchNormalization), for relevance methods run as modified gradients: the
 * relevance of an input is `x * g`, with `g` the modified gradient.
 * - `gradient`: the true gradient (gradient x input is LRP-0 on bias-free ReLU networks);
 * - `epsilon`: LRP-epsilon, `R_j = sum_k x_j w_jk R_k / (z_k + epsilon sign(z_k))`;
 * - `alpha-beta`: LRP-alpha-beta, `alpha` times the positive contributions' share minus
 *   `beta` times the negative ones'; alpha 1, beta 0 is the z+ rule (excitation backprop);
 * - `gamma`: LRP-gamma, the weights `w + gamma w^+` in numerator and denominator,
 *   `R_j = sum_k x_j (w_jk + gamma w_jk^+) R_k / sum_i x_i (w_ik + gamma w_ik^+)` (biases
 *   left out; the denominator moved from zero by `stabilizer` with its sign).
 */
export type LinearRule =
  | { readonly kind: 'gradient' }
  | { readonly kind: 'epsilon'; readonly epsilon: number }
  | {
      readonly kind: 'alpha-beta';
      readonly alpha: number;
      readonly beta: number;
      /** Added to the magnitude of the positive and negative denominators. */
      readonly stabilizer: number;
    }
  | { readonly kind: 'gamma'; readonly gamma: number; readonly stabilizer: number };

/**
 * The rule of the first layer with weights (the one nearest the input) in a composite: a
 * linear rule, or one that does not read the input's values:
 * - `flat`: `R_j = sum_k R_k / n_k`, each output's relevance spread evenly over the `n_k`
 *   inputs it sees;
 * - `w-square`: `R_j = sum_k w_jk^2 R_k / sum_i w_ik^2`;
 * - `z-box`: for inputs bounded by `[low, high]`,
 *   `R_j = sum_k (x_j w_jk - low w_jk^+ - high w_jk^-) R_k / sum_i (x_i w_ik - low w_ik^+ - high w_ik^-)`.
 * Biases are left out of every denominator.
 */
export type FirstLayerRule =
  | LinearRule
  | { readonly kind: 'flat' }
  | { readonly kind: 'w-square' }
  | { readonly kind: 'z-box'; readonly low: number; readonly high: number };

/**
 * Rules mapped to layers, as zennit's composites do: convolutions, dense layers (Gemm,
 * MatMul) and the first layer with weights each get their own; omitted ones fall back to
 * `BackwardRules.linear` (the first layer to its kind's rule).
 */
export interface Composite {
  readonly conv?: LinearRule;
  readonly dense?: LinearRule;
  /**
   * The first layer with weights, which must take the model input itself. When set, `vjp`
   * returns the input relevance `R` (not a modified gradient to multiply by the input).
   */
  readonly first?: FirstLayerRule;
}

/** The backward rules of a model variant (`withBackwardRules`); omitted ones are the gradient's. */
export interface BackwardRules {
  readonly relu?: ReluRule;
  /** The rule of every layer with weights, unless `composite` maps another to it. */
  readonly linear?: LinearRule;
  readonly composite?: Composite;
}

/** True when `m` can be differentiated (has `vjp` and `jvp`). */
export function isDifferentiable(m: Classifier): m is Model {
  const d = m as Partial<Model>;
  return typeof d.vjp === 'function' && typeof d.jvp === 'function';
}
