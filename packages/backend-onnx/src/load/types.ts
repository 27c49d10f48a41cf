import type { BackwardRules, Classifier, LossName, Model, Tensor } from '@xai/core';
import type { WeightNoiseOptions } from '../graph/weight-noise.js';
import type { OnnxModelInfo } from '../model-info.js';
import type { SpinWait } from '../session.js';

export interface OnnxModelOptions {
  /** The graph input that takes the images, when the model has several. */
  readonly inputName?: string;
  /** The graph output that holds the logits, when the model has several. */
  readonly outputName?: string;
  /** The shape of one sample, when the model's input has symbolic dimensions beyond the batch. */
  readonly inputShape?: readonly number[];
  /** ONNX Runtime execution providers, in order of preference (default `['cpu']`). */
  readonly executionProviders?: readonly string[];
  /** Threads ONNX Runtime uses inside one op (default: its own choice). */
  readonly threads?: number;
  /**
   * How ONNX Runtime's threads wait for work: `'within-run'` (default) spin between the ops
   * of a run and sleep when it returns; `false` sleep after every op; `true` also spin
   * between runs, holding cores that the model's other sessions, the native kernels and the
   * JavaScript between model calls need. docs/benchmarks/threads.md measures all three.
   */
  readonly spinWait?: SpinWait;
  /** Upper bounds on one session run: samples and input bytes. */
  readonly maxBatchSize?: number;
  readonly memoryLimitBytes?: number;
  /**
   * `'required'` (default): every op between the input and the logits must have a
   * derivative rule, or loading fails with one UNSUPPORTED_OP error listing them all.
   * `'optional'`: such a model still loads, as a forward-only classifier without `vjp`/`jvp`.
   */
  readonly gradients?: 'required' | 'optional';
}

/** An ONNX classifier run by onnxruntime-node, forward only. */
export interface OnnxClassifier extends Classifier {
  readonly info: OnnxModelInfo;
  readonly inputName: string;
  readonly outputName: string;
  /**
   * Set when the model loaded forward-only (`gradients: 'optional'`): which ops on the
   * way to the logits have no derivative rule, e.g. `"GridSample ('g1'), LSTM ('rnn')"`.
   */
  readonly gradientProblem?: string;
  dispose(): Promise<void>;
}

/**
 * An ONNX classifier with exact derivatives: `vjp` and `jvp` run gradient graphs built
 * from the model's own graph (one per purpose, built and given a session on first use).
 */
export interface OnnxModel extends OnnxClassifier, Model {
  /**
   * The same model with other backward rules for `vjp` and `layerVjp` (guided backprop,
   * deconvnet, LRP, excitation backprop); UNSUPPORTED_OP at once, naming each op on the
   * path that has no such rule.
   */
  withBackwardRules(rules: BackwardRules): Promise<OnnxModel>;
  /**
   * DeepLIFT-rescale multipliers from `reference` to `x` (Captum's rules); UNSUPPORTED_OP
   * naming each op on the path that has no rescale rule.
   */
  deepLiftVjp(
    x: Tensor,
    reference: Tensor,
    cotangent: Tensor,
  ): Promise<{ logits: Tensor; referenceLogits: Tensor; grad: Tensor }>;
  /**
   * Logits and the input gradient of a named loss in one run: the loss's cotangent is
   * computed in the gradient graph (float64) from the logits and int64 targets, one graph
   * per loss, built on first use (autodiff/loss-seed.ts).
   */
  lossVjp(
    x: Tensor,
    loss: LossName,
    targets: Int32Array | 'predicted',
  ): Promise<{ logits: Tensor; grad: Tensor }>;
  /** Activation and gradient at a named inner tensor (Grad-CAM); see `lastConvLayer`. */
  layerVjp(
    x: Tensor,
    cotangent: Tensor,
    layer: string,
  ): Promise<{ logits: Tensor; activation: Tensor; grad: Tensor }>;
  /** The last convolutional block's output tensor (after its activation), if any. */
  readonly lastConvLayer: string | undefined;
  /**
   * A new model (own sessions, to dispose) whose weights carry seeded multiplicative
   * Gaussian noise, for NoiseGrad; loaded with the same options.
   */
  withWeightNoise(options: WeightNoiseOptions): Promise<OnnxModel>;
  /** The weight layers (their node names) from the logits down, as cascading randomisation visits them. */
  readonly weightLayers: readonly string[];
  /** A new model with the top `count` weight layers re-drawn at random (model randomisation test). */
  withRandomizedLayers(count: number, seed: number): Promise<OnnxModel>;
  dispose(): Promise<void>;
}
