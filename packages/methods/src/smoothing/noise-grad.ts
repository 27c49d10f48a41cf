/**
 * NoiseGrad (Bykov, Hedström, Nakajima and Höhne, "NoiseGrad — Enhancing Explanations by
 * Introducing Stochasticity to Model Weights", AAAI 2022; the equation below): the explanation averaged
 * over copies of the model whose weights carry multiplicative Gaussian noise,
 * `e_NG(x) = (1/N) sum_i e(x; f_{theta ⊙ eta_i})`, `eta_i ~ N(1, sigma^2)` elementwise.
 *
 * Defaults: N = 10 noisy models and sigma = 0.2, the paper's and its code's values. The
 * explanation e is the gradient (`inner: 'gradient'`), gradient x input, or integrated
 * gradients from `baseline` (zeros by default), as for SmoothGrad, or any method's
 * descriptor (`inner: gradCam`, its options in `innerOptions`): NoiseGrad is the noise
 * tunnel (`noise-tunnel.ts`) with weight noise only, one copy (x itself) per model. Which weights get
 * noise is the model's business (`Model.withWeightNoise`; the ONNX backend perturbs every
 * float initializer of more than one element except batch-norm running statistics).
 * `'predicted'` targets are resolved once, on the unperturbed model.
 *
 * Random numbers: noisy model i is `withWeightNoise({ sigma, seed, stream:
 * NOISE_GRAD_STREAM + i })`. Cost: N model variants (built and disposed one at a time)
 * and N inner maps per sample (for the gradient, N gradient passes). Needs the
 * optional `withWeightNoise` capability; without it, a NOT_SUPPORTED error says so.
 *
 * The AdaptGrad authors' code (github AiShare-WHU/AdaptGrad at dbd957c, `saliency.py`
 * `NoiseGradient` l. 198-232, run by `experiments/get_salience_imagenet.py` l. 42 and 92-98)
 * draws 50 noisy models (`models: 50`) with sigma 0.2 (`FixedSigma(0.2, FixedBound(0, 1))`,
 * l. 80 and 83 there), and averages the map of the unperturbed model in, N + 1 terms
 * (`grads[0]`, l. 222): `includeCleanGradient: true` (one more inner map per sample). Their
 * model copies skip parameters named `classifier`; which weights get noise is the model's
 * business here (see above).
 */
import {
  type AttributionMethod,
  type Baseline,
  type ExplainContext,
  type LossName,
  papers,
  resolveOptions,
  rule,
  type Tensor,
  withDomain,
} from '@xai/core';
import { integrationRules } from '../path/integrated-gradients.js';
import type { Normalization } from '../shared/bounds.js';
import type { QuadratureRule } from '../shared/quadrature.js';
import { type InnerMethod, innerOf, innerOptionsRule, innerRule } from './inner-method.js';
import { NOISE_GRAD_STREAM, noiseTunnel } from './noise-tunnel.js';

export { NOISE_GRAD_STREAM };

export interface NoiseGradOptions {
  /** N: noisy models averaged. */
  readonly models: number;
  /** Standard deviation of the multiplicative weight noise, `eta ~ N(1, sigma^2)`. */
  readonly sigma: number;
  /** The explanation averaged: any method's descriptor, or the gradient, gradient x input or IG by name. */
  readonly inner: InnerMethod;
  /** The inner method's own options (checked by it); with a named inner, added to those below. */
  readonly innerOptions?: Readonly<Record<string, unknown>>;
  /** Integrated gradients by name only: where each path starts. */
  readonly baseline: Baseline;
  /** Integrated gradients by name only: gradient evaluations per path. */
  readonly steps: number;
  /** Integrated gradients by name only: the quadrature rule. */
  readonly rule: QuadratureRule;
  /** A named inner only: the target logit, or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing, for the 'black', 'white' and 'uniform' baselines. */
  readonly normalization?: Normalization;
  /** Average the unperturbed model's map in with the N noisy ones, N + 1 terms (the AdaptGrad code: true). */
  readonly includeCleanGradient: boolean;
}

export const noiseGrad: AttributionMethod<NoiseGradOptions> = {
  name: 'noise-grad',
  family: 'smoothing',
  title: 'NoiseGrad',
  summary:
    "Any method's map (the gradient by default) averaged over copies of the model with multiplicative Gaussian weight noise.",
  paper: papers.bykov2022,
  defaults: {
    models: 10,
    sigma: 0.2,
    inner: 'gradient',
    innerOptions: undefined,
    baseline: 'zeros',
    steps: 50,
    rule: 'right',
    objective: 'logit',
    normalization: undefined,
    includeCleanGradient: false,
  },
  rules: {
    models: rule.integer(),
    sigma: rule.nonNegative,
    inner: innerRule,
    innerOptions: innerOptionsRule,
    ...integrationRules,
    includeCleanGradient: rule.boolean,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(noiseGrad, options));
    const { inner, innerOptions } = innerOf(o, options, 'noise-grad');
    const noisy = noiseTunnel(
      model,
      x,
      {
        inner,
        innerOptions,
        noise: { weights: { models: o.models, sigma: o.sigma } },
        samples: 1,
        reduction: 'mean',
        name: 'noise-grad',
        phase: 'model',
      },
      { ...o, domain: o.normalization ?? o.domain },
    );
    return o.includeCleanGradient ? withCleanMap(model, x, o, noisy, inner, innerOptions) : noisy;
  },
};

/** `(N noisy + clean) / (N + 1)`: the unperturbed model's map averaged in (the AdaptGrad code). */
async function withCleanMap(
  model: Parameters<AttributionMethod['explain']>[0],
  x: Tensor,
  o: NoiseGradOptions & ExplainContext,
  noisy: Promise<Tensor>,
  // biome-ignore lint/suspicious/noExplicitAny: any method composes, whatever its options.
  inner: AttributionMethod<any, any>,
  innerOptions: object,
): Promise<Tensor> {
  const mean = await noisy;
  const { onProgress: _, ...context } = o as ExplainContext;
  const given = {
    seed: context.seed,
    kernels: context.kernels,
    maxBatchSize: context.maxBatchSize,
    memoryLimitBytes: context.memoryLimitBytes,
    signal: context.signal,
    domain: o.normalization ?? o.domain,
  };
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const clean = await inner.explain(model, x, {
    ...innerOptions,
    ...defined,
    target: context.target,
  });
  const N = o.models;
  const data = mean.data.map((v, i) => (N * v + clean.data[i]!) / (N + 1));
  return { data, shape: mean.shape };
}
