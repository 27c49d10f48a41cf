/**
 * SmoothGrad (Smilkov, Thorat, Kim, Viégas and Wattenberg 2017, eq. 3 there; eq. 2 and 6
 * of the AdaptGrad paper): the inner map averaged over noisy copies of the input,
 * `M^(x) = (1/N) sum_n M(x + eps_n)`, `eps_n ~ N(0, sigma^2 I)`,
 * `sigma = alpha (x_max - x_min)` with `x_max - x_min` the range of each sample's values.
 *
 * Defaults: N = 50 and alpha = 0.2, the values the AdaptGrad paper uses after Smilkov et
 * al. (who found 10-20% best; PAIR's `saliency` library defaults to 0.15: pass
 * `noiseLevel: 0.15` to match it). The inner map M is the gradient (SmoothGrad proper),
 * gradient x input at the noisy point, `g(x_n) * x_n` (S-GI), or integrated gradients from
 * a fixed baseline to the noisy point (S-IG(B) with the default black baseline, S-IG(W)
 * with `baseline: 'white'`), as the AdaptGrad paper combines them; `squared` averages
 * `M^2` instead (SmoothGrad-Squared, Hooker et al. 2019). The noise is not clipped.
 *
 * Random numbers: the normals of copy n of sample b, element j, are element
 * `(b N + n) D + j` of stream `SMOOTH_GRAD_STREAM` under the seed, drawn by the kernels'
 * perturbation batch: the same map on every backend, whatever the batching.
 *
 * NoiseGrad inside (`weightNoise: { models, sigma }`, the AdaptGrad paper's S-NG and, for
 * AdaptGrad, A-NG): the smoothed map of eq. 2 taken on `models` copies of the model whose
 * weights carry multiplicative Gaussian noise (`Model.withWeightNoise`, NoiseGrad's
 * `w (1 + sigma z)` with NoiseGrad's streams) and averaged, `(1/K) sum_k (1/N) sum_n
 * M(x + eps_n; theta_k)`. Every noisy model sees the same N noisy inputs (SmoothGrad
 * wrapped around NoiseGrad), so with weight sigma 0 the map is the plain one of the same
 * seed; FusionGrad (`fusion-grad`) draws fresh inputs per model instead. Needs the optional
 * `withWeightNoise` capability.
 *
 * Cost: B N gradient passes (B N steps with integrated gradients) in ceil(B N / b) vjp
 * calls, b the batch the memory bound allows; a forward call before each vjp call unless
 * the objective is the logit; one forward call (per batch of B) to resolve
 * `target: 'predicted'`. With `weightNoise`, K times the gradient passes and K model
 * variants built (and disposed) one after the other.
 */
import {
  type AttributionMethod,
  type ExplainContext,
  jsKernels,
  type Kernels,
  type LossName,
  type Model,
  type OptionRules,
  resolveOptions,
  rule,
  type Tensor,
  withDomain,
  XaiError,
} from '@xai/core';
import {
  attributeAtPoints,
  type InnerMethod,
  innerMethods,
  type NoiseSpec,
} from '../shared/attribute-at-points.js';
import { type BaselineSpec, resolveBaselines } from '../shared/baselines.js';
import type { Normalization } from '../shared/bounds.js';
import { checkPositiveInteger } from '../shared/checks.js';
import {
  innerRule,
  normalizationRule,
  objectiveRule,
  pathBaselineRule,
  quadratureRule,
  weightNoiseRule,
} from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { type QuadratureRule, quadrature } from '../shared/quadrature.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { meanOverNoisyModels } from './noise-grad.js';
import { smilkov2017 } from './papers-smoothing.js';

/** The stream of SmoothGrad's normals. */
export const SMOOTH_GRAD_STREAM = 0x5347; // 'SG'

/** The options SmoothGrad and AdaptGrad share: what is smoothed and how many copies. */
export interface SmoothingOptions {
  /** Noisy copies averaged per sample (N). */
  readonly samples: number;
  /** The map smoothed: the gradient, gradient x input, or integrated gradients. */
  readonly inner: InnerMethod;
  /** Average the squared maps (SmoothGrad-Squared). */
  readonly squared: boolean;
  /** Integrated gradients only: where each path starts ('black' gives the paper's IG(B)). */
  readonly baseline: BaselineSpec;
  /** Integrated gradients only: gradient evaluations per path. */
  readonly steps: number;
  /** Integrated gradients only: the quadrature rule (the IG paper's right Riemann sum). */
  readonly rule: QuadratureRule;
  /** What is differentiated: the target logit, or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing: the 'black'/'white' baselines (and AdaptGrad's bounds). */
  readonly normalization?: Normalization;
  /** Which kernels draw the noise and make the points (default `jsKernels`). */
  readonly kernels?: Kernels;
  /**
   * NoiseGrad inside (S-NG, A-NG): average the map over `models` copies of the model with
   * multiplicative weight noise of standard deviation `sigma` (NoiseGrad: 10 and 0.2).
   */
  readonly weightNoise?: WeightNoiseSpec;
}

/** The NoiseGrad combination of SmoothGrad and AdaptGrad: how many noisy models, how much noise. */
export interface WeightNoiseSpec {
  /** K: models with weight noise averaged (NoiseGrad's N, 10). */
  readonly models: number;
  /** Standard deviation of the multiplicative weight noise (NoiseGrad: 0.2). */
  readonly sigma: number;
}

export interface SmoothGradOptions extends SmoothingOptions {
  /** alpha: sigma = alpha (max - min) of each sample's values. */
  readonly noiseLevel: number;
}

export const smoothingDefaults = {
  samples: 50,
  inner: 'gradient',
  squared: false,
  baseline: 'black',
  steps: 50,
  rule: 'right',
  objective: 'logit',
} as const satisfies SmoothingOptions;

/** The rules of the options SmoothGrad, AdaptGrad and FusionGrad share. */
export const smoothingRules: OptionRules<SmoothingOptions> = {
  samples: rule.integer(),
  inner: innerRule,
  squared: rule.boolean,
  baseline: pathBaselineRule,
  steps: rule.integer(),
  rule: quadratureRule,
  objective: objectiveRule,
  normalization: normalizationRule,
  weightNoise: weightNoiseRule,
};

export const smoothGrad: AttributionMethod<SmoothGradOptions> = {
  name: 'smooth-grad',
  title: 'SmoothGrad',
  summary:
    'The gradient (or gradient x input, or integrated gradients) averaged over copies of the input with Gaussian noise.',
  paper: smilkov2017,
  defaults: {
    ...smoothingDefaults,
    noiseLevel: 0.2,
    normalization: undefined,
    weightNoise: undefined,
  },
  rules: {
    ...smoothingRules,
    noiseLevel: rule.nonNegative,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(smoothGrad, options));
    const sigma = smoothGradSigma(x, o.noiseLevel);
    return smoothedWithWeightNoise(model, x, o, SMOOTH_GRAD_STREAM, sigma, 'smooth-grad');
  },
};

/**
 * `smoothedMap`, or with `weightNoise` its mean over noisy copies of the model (NoiseGrad
 * inside), each seeing the same noisy inputs; `'predicted'` targets come from the plain model.
 */
export async function smoothedWithWeightNoise(
  model: Model,
  x: Tensor,
  o: SmoothingOptions & ExplainContext,
  stream: number,
  sigma: NoiseSpec['sigma'],
  name: string,
): Promise<Tensor> {
  const w = o.weightNoise;
  if (w === undefined) return smoothedMap(model, x, o, stream, sigma);
  if (typeof w !== 'object' || w === null) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected weightNoise to be an object { models, sigma } for ${name} but received ${JSON.stringify(w)}.`,
    );
  }
  const targets = await resolveSampleTargets(model, x, o.target, o);
  const { weightNoise: _, ...rest } = o;
  return meanOverNoisyModels(
    model,
    x,
    { ...rest, models: w.models, sigma: w.sigma, name: `${name} with weightNoise` },
    (noisy, run) => smoothedMap(noisy, x, { ...rest, ...run, target: targets }, stream, sigma),
  );
}

/** SmoothGrad's noise scale: `sigma = noiseLevel (max - min)` of each sample's values. */
export function smoothGradSigma(x: Tensor, noiseLevel: number): NoiseSpec['sigma'] {
  if (!(noiseLevel >= 0 && Number.isFinite(noiseLevel))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite noiseLevel of at least 0 but received ${noiseLevel}.`,
    );
  }
  return (b) => {
    const s = sampleOf(x, b).data;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of s) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return noiseLevel * (hi - lo);
  };
}

/**
 * The shared body of SmoothGrad and AdaptGrad: `(1/N) sum_n M(x + sigma(b) z_n)` with the
 * normals of `stream`, for the inner map M of `options`; `window` places the N copies in
 * a longer sequence of copies (FusionGrad, one window per noisy model).
 */
export async function smoothedMap(
  model: Model,
  x: Tensor,
  options: SmoothingOptions & ExplainContext,
  stream: number,
  sigma: NoiseSpec['sigma'],
  window?: NoiseSpec['window'],
): Promise<Tensor> {
  const o = options;
  checkPositiveInteger(o.samples, 'samples');
  if (!innerMethods.includes(o.inner)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected inner to be one of ${innerMethods.join(', ')} but received '${String(o.inner)}'.`,
    );
  }
  const kernels = o.kernels ?? jsKernels;
  const seed = o.seed ?? 0;
  const onPath = o.inner === 'integrated-gradients';
  const q = onPath ? quadrature(o.rule, o.steps) : undefined;
  const baselines = onPath
    ? await resolveBaselines(x, o.baseline, {
        kernels,
        seed,
        ...(o.normalization ? { normalization: o.normalization } : {}),
      })
    : [];
  const targets = await resolveSampleTargets(model, x, o.target, o);
  return attributeAtPoints(model, x, targets, {
    ...o,
    kernels,
    inner: o.inner,
    ...(q ? { quadrature: q, baselines } : {}),
    noise: { samples: o.samples, sigma, seed, stream, ...(window ? { window } : {}) },
    squared: o.squared,
    phase: 'sample',
  });
}
