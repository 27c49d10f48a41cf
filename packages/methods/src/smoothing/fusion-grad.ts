/**
 * FusionGrad (Bykov, Hedström, Nakajima and Höhne, "NoiseGrad — Enhancing Explanations
 * by Introducing Stochasticity to Model Weights", AAAI 2022; NoiseGrad++ in the
 * authors' code): NoiseGrad and SmoothGrad together, the explanation averaged over N
 * models with multiplicative weight noise and M noisy copies of the input for each,
 * `e_FG(x) = (1/(N M)) sum_i sum_j e(x + eps_ij; f_{theta ⊙ eta_i})`,
 * `eta_i ~ N(1, sigma^2)`, `eps_ij ~ N(0, sigma_x^2 I)`.
 *
 * Defaults: N = 10 models, sigma = 0.2, M = 10 copies (the authors' code). The input
 * noise is SmoothGrad's, `sigma_x = noiseLevel (max - min)` of each sample with
 * noiseLevel 0.2 as our SmoothGrad; the authors' code adds N(0, 0.4^2) in input units:
 * pass `noiseLevel: 0.4 / (max - min)` to match it. `smoothing: 'adapt-grad'` takes
 * AdaptGrad's per-element noise (eq. 13 of the AdaptGrad paper, `confidence`, `bounds`)
 * instead: NoiseGrad wrapped around AdaptGrad. The inner map is the gradient, gradient x
 * input or integrated gradients, as for SmoothGrad, or any method's descriptor (`inner`,
 * its options in `innerOptions`): FusionGrad is the noise tunnel (`noise-tunnel.ts`) with
 * both noises; `'predicted'` targets are resolved once, on the unperturbed model.
 *
 * Random numbers: noisy model i is NoiseGrad's (`stream: NOISE_GRAD_STREAM + i`); its
 * input copies are copies `i M .. i M + M - 1` of SmoothGrad's (or AdaptGrad's) stream
 * with `N M` copies per sample, so with sigma = 0 FusionGrad is SmoothGrad with
 * `samples: N M` and the same seed. Cost: N model variants and N M inner maps per sample
 * (for the gradient, N M gradient passes). Needs `withWeightNoise`.
 */
import {
  type AttributionMethod,
  papers,
  resolveOptions,
  rule,
  withDomain,
  XaiError,
} from '@xai/core';
import type { DataBounds } from '../shared/bounds.js';
import { checkPositiveInteger } from '../shared/checks.js';
import { boundsRule } from '../shared/option-rules.js';
import { ADAPT_GRAD_STREAM, adaptGradNoise } from './adapt-grad.js';
import type { InputNoise } from './noise-tunnel.js';
import {
  SMOOTH_GRAD_STREAM,
  type SmoothingOptions,
  smoothed,
  smoothGradSigma,
  smoothingDefaults,
  smoothingRules,
} from './smooth-grad.js';

export interface FusionGradOptions extends SmoothingOptions {
  /** N: noisy models averaged. */
  readonly models: number;
  /** Standard deviation of the multiplicative weight noise, `eta ~ N(1, sigma^2)`. */
  readonly sigma: number;
  /** The input noise: SmoothGrad's (the paper) or AdaptGrad's per-element scale. */
  readonly smoothing: 'smooth-grad' | 'adapt-grad';
  /** SmoothGrad's alpha: sigma_x = alpha (max - min) of each sample's values. */
  readonly noiseLevel: number;
  /** AdaptGrad only: the confidence level c of its eq. 13. */
  readonly confidence: number;
  /** AdaptGrad only: the data bounds (default from `normalization`). */
  readonly bounds?: DataBounds;
}

export const fusionGrad: AttributionMethod<FusionGradOptions> = {
  name: 'fusion-grad',
  family: 'smoothing',
  title: 'FusionGrad',
  summary:
    'NoiseGrad and SmoothGrad together: the gradient averaged over noisy copies of the input on each of several models with weight noise.',
  paper: papers.bykov2022,
  defaults: {
    ...smoothingDefaults,
    samples: 10,
    baseline: 'zeros',
    models: 10,
    sigma: 0.2,
    smoothing: 'smooth-grad',
    noiseLevel: 0.2,
    confidence: 0.95,
    normalization: undefined,
    weightNoise: undefined,
    bounds: undefined,
  },
  rules: {
    ...smoothingRules,
    models: rule.integer(),
    sigma: rule.nonNegative,
    smoothing: rule.oneOf('smooth-grad', 'adapt-grad'),
    noiseLevel: rule.nonNegative,
    confidence: { type: 'number', greaterThan: 0, lessThan: 1 },
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(fusionGrad, options));
    checkPositiveInteger(o.samples, 'samples');
    checkPositiveInteger(o.models, 'models');
    let input: InputNoise;
    if (o.smoothing === 'smooth-grad') {
      input = { stream: SMOOTH_GRAD_STREAM, sigma: smoothGradSigma(x, o.noiseLevel) };
    } else if (o.smoothing === 'adapt-grad') {
      input = { stream: ADAPT_GRAD_STREAM, sigma: adaptGradNoise(x, o) };
    } else {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected smoothing to be 'smooth-grad' or 'adapt-grad' but received '${String(o.smoothing)}'.`,
      );
    }
    // Weight noise with fresh copies per model; FusionGrad has no `weightNoise` of its own.
    const weights = { models: o.models, sigma: o.sigma };
    return smoothed(
      model,
      x,
      { ...o, weightNoise: undefined },
      options,
      { input, weights, copies: 'fresh' },
      'fusion-grad',
    );
  },
};
