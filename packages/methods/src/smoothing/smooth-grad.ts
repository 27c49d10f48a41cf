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
 * As the AdaptGrad authors' code runs SmoothGrad (github AiShare-WHU/AdaptGrad at dbd957c,
 * `saliency.py`, the class SmoothGradient that its SG and AG share), two options, off by default:
 * - `noiseScale: 'data-range'`: sigma = noiseLevel (x_max - x_min) of the fixed data range, not
 *   of each sample's values (`FixedSigma` l. 37-53 with `FixedBound`; their ImageNet script
 *   passes the normalised range -2.117904 .. 2.64, `experiments/get_salience_imagenet.py`
 *   l. 76-81: `bounds: { min: -2.117904, max: 2.64 }`). The range is `bounds` when given, else
 *   pixel 0 and 1 through `normalization` per channel; with neither, an error (each sample's own
 *   range is `'range'`).
 * - `includeCleanGradient: true`: the map at x itself averaged in with the N noisy ones, N + 1
 *   terms (`saliency.py` l. 118-120, `grads[0]`), as AdaptGrad's option of the same name.
 * Their integrated gradients of the smoothed gradient (S-IG, A-IG, l. 150-178) is
 * `composeSmoothing(smoothGrad, integratedGradients, {...}, { order:
 * 'integrate-the-smoothed-gradient' })` (`integrate-smoothed.ts`).
 *
 * A composition (`noise-tunnel.ts`): `inner` takes any method's descriptor, its own options
 * in `innerOptions` (checked by it), e.g. `{ inner: guidedBackprop }` or
 * `{ inner: integratedGradients, innerOptions: { steps: 16, baseline: 'black' } }`; the
 * three names above stay, taking `objective` (and for IG `baseline`, `steps`, `rule`) from
 * SmoothGrad's options. `reduction` picks the mean (default), the mean of squares
 * (`squared: true` is the same) or the variance (VarGrad), as Captum's `nt_type`.
 *
 * Presets (`preset`). `'reference-code'` is the SmoothGrad the ISA paper compares with,
 * github LMBTough/ISA at 8da1747 (`saliency/core/sg.py`, called by `saliency_zoo.py` `sg`
 * l. 98-102: Captum's `NoiseTunnel(Saliency(model))` with `nt_samples=50, stdevs=0.15`, on
 * `Sequential(normalise, net, Softmax)`):
 * 1. The noise scale (`noiseScale`, `noiseLevel`): sigma = 0.2 of each sample's range ->
 *    0.15 in pixel units (Captum's `stdevs` is absolute and the noise is added to the pixels
 *    before the normalisation), i.e. 0.15 / std_c in model units through the input domain.
 * 2. The objective: the target's logit -> its softmax probability (the Softmax layer).
 * N = 50 in both. Checked against maps made by their code (`test/fixtures/smooth-grad/`):
 * on the four fixture images of both models, a converged map of ours (800 copies)
 * correlates with each of their 50-copy maps more, on average, than their maps of different
 * seeds do with each other. With a descriptor `inner`, the preset's objective reaches it only
 * through `innerOptions`.
 *
 * Cost: B N inner maps, in ceil(B N / b) inner calls, b the rows the memory bound allows
 * (for the gradient: B N gradient passes in ceil(B N / b) vjp calls, a forward call before
 * each unless the objective is the logit); one forward call (per batch of B) to resolve
 * `target: 'predicted'`. With `weightNoise`, K times the inner maps and K model variants
 * built (and disposed) one after the other.
 */
import {
  type AttributionMethod,
  type Baseline,
  type ExplainContext,
  type Kernels,
  type LossName,
  type Model,
  type OptionRules,
  papers,
  resolveOptions,
  rule,
  type Tensor,
  withDomain,
  XaiError,
} from '@xai/core';
import { integrationRules } from '../path/integrated-gradients.js';
import { type DataBounds, elementBounds, type Normalization } from '../shared/bounds.js';
import { valueRange } from '../shared/min-max.js';
import { boundsRule, weightNoiseRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import type { QuadratureRule } from '../shared/quadrature.js';
import { type InnerMethod, innerOf, innerOptionsRule, innerRule } from './inner-method.js';
import {
  type InputNoise,
  type NoiseModel,
  type NoiseReduction,
  noiseReductions,
  noiseTunnel,
} from './noise-tunnel.js';

/** The stream of SmoothGrad's normals. */
export const SMOOTH_GRAD_STREAM = 0x5347; // 'SG'

/** The options SmoothGrad and AdaptGrad share: what is smoothed and how many copies. */
export interface SmoothingOptions {
  /** Noisy copies averaged per sample (N). */
  readonly samples: number;
  /** The map smoothed: any method's descriptor, or the gradient, gradient x input or IG by name. */
  readonly inner: InnerMethod;
  /** The inner method's own options (checked by it); with a named inner, added to those below. */
  readonly innerOptions?: Readonly<Record<string, unknown>>;
  /** Average the squared maps (SmoothGrad-Squared); the same as `reduction: 'mean-of-squares'`. */
  readonly squared: boolean;
  /** How the maps are reduced over the copies: mean, mean of squares, variance (VarGrad). */
  readonly reduction: NoiseReduction;
  /** Integrated gradients by name only: where each path starts ('black' gives the paper's IG(B)). */
  readonly baseline: Baseline;
  /** Integrated gradients by name only: gradient evaluations per path. */
  readonly steps: number;
  /** Integrated gradients by name only: the quadrature rule (the IG paper's right Riemann sum). */
  readonly rule: QuadratureRule;
  /** A named inner only: the target logit, or a loss on the logits. */
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
  /** The paper's sigma = alpha (max - min), or the ISA repository's code (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** alpha: sigma = alpha (max - min) of each sample's values; with `noiseScale: 'pixels'`, sigma itself. */
  readonly noiseLevel: number;
  /**
   * What noiseLevel scales: each sample's range (paper), one pixel unit through the input domain
   * (the ISA code), or the fixed data range of `bounds` / the domain (the AdaptGrad code).
   */
  readonly noiseScale: 'range' | 'pixels' | 'data-range';
  /** `noiseScale: 'data-range'` only: the data range [min, max] (scalar or per channel); default from the domain. */
  readonly bounds?: DataBounds;
  /** Average the map at x itself in with the N noisy ones, N + 1 terms (the AdaptGrad code: true). */
  readonly includeCleanGradient: boolean;
}

type SmoothGradPresetSettings = Pick<SmoothGradOptions, 'noiseLevel' | 'noiseScale' | 'objective'>;

const presets: Record<SmoothGradOptions['preset'], SmoothGradPresetSettings> = {
  paper: { noiseLevel: 0.2, noiseScale: 'range', objective: 'logit' },
  'reference-code': { noiseLevel: 0.15, noiseScale: 'pixels', objective: 'probability' },
};

export const smoothingDefaults = {
  samples: 50,
  inner: 'gradient',
  innerOptions: undefined,
  squared: false,
  reduction: 'mean',
  baseline: 'black',
  steps: 50,
  rule: 'right',
  objective: 'logit',
} as const satisfies SmoothingOptions;

/** The rules of the options SmoothGrad, AdaptGrad and FusionGrad share. */
export const smoothingRules: OptionRules<SmoothingOptions> = {
  samples: rule.integer(),
  inner: innerRule,
  innerOptions: innerOptionsRule,
  squared: rule.boolean,
  reduction: rule.oneOf(...noiseReductions),
  ...integrationRules,
  weightNoise: weightNoiseRule,
};

export const smoothGrad: AttributionMethod<SmoothGradOptions> = {
  name: 'smooth-grad',
  family: 'smoothing',
  title: 'SmoothGrad',
  summary:
    "Any method's map (the gradient by default) averaged over copies of the input with Gaussian noise.",
  paper: papers.smilkov2017,
  defaults: {
    preset: 'paper',
    ...smoothingDefaults,
    ...presets.paper,
    normalization: undefined,
    weightNoise: undefined,
    bounds: undefined,
    includeCleanGradient: false,
  },
  presets,
  rules: {
    ...smoothingRules,
    preset: rule.oneOf('paper', 'reference-code'),
    noiseLevel: rule.nonNegative,
    noiseScale: rule.oneOf('range', 'pixels', 'data-range'),
    bounds: boundsRule,
    includeCleanGradient: rule.boolean,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(smoothGrad, options));
    const input = { stream: SMOOTH_GRAD_STREAM, sigma: smoothGradNoise(x, o) };
    const noise = { input, includeClean: o.includeCleanGradient };
    return smoothed(model, x, o, options, noise, 'smooth-grad');
  },
};

/** SmoothGrad's noise scale per sample under `noiseScale` (checked before any model call). */
export function smoothGradNoise(
  x: Tensor,
  o: Pick<SmoothGradOptions, 'noiseScale' | 'noiseLevel' | 'bounds' | 'normalization'>,
): InputNoise['sigma'] {
  if (o.noiseScale === 'pixels') return pixelSigma(x, o.noiseLevel, o.normalization);
  if (o.noiseScale === 'data-range')
    return dataRangeSigma(x, o.noiseLevel, o.bounds, o.normalization);
  return smoothGradSigma(x, o.noiseLevel);
}

/**
 * The smoothing methods' common step: the noise tunnel of `o.inner` under `noise` (plus
 * `weightNoise`, every noisy model seeing the same copies); `given` is the caller's options
 * as passed, `o` the resolved ones.
 */
export function smoothed(
  model: Model,
  x: Tensor,
  o: SmoothingOptions & ExplainContext & { readonly kernels: Kernels },
  given: object,
  noise: NoiseModel,
  name: string,
  samples = o.samples,
): Promise<Tensor> {
  const { inner, innerOptions } = innerOf(o, given, name);
  const w = o.weightNoise;
  if (w !== undefined && (typeof w !== 'object' || w === null)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected weightNoise to be an object { models, sigma } for ${name} but received ${JSON.stringify(w)}.`,
    );
  }
  return noiseTunnel(
    model,
    x,
    {
      inner,
      innerOptions,
      noise: { ...noise, ...(w ? { weights: w, copies: 'shared' } : {}) },
      samples,
      reduction: reductionOf(o, name),
      name: w ? `${name} with weightNoise` : name,
    },
    { ...o, domain: o.normalization ?? o.domain },
  );
}

/** `reduction`, with the older `squared: true` meaning the mean of squares. */
export function reductionOf(
  o: Pick<SmoothingOptions, 'squared' | 'reduction'>,
  name: string,
): NoiseReduction {
  if (!o.squared) return o.reduction;
  if (o.reduction !== 'mean' && o.reduction !== 'mean-of-squares') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected squared: true (the mean of squares) or reduction '${o.reduction}' for ${name} but received both; pass one of them.`,
    );
  }
  return 'mean-of-squares';
}

/**
 * Noise of `level` pixel units (Captum's absolute `stdevs` on pixels) in model units:
 * `level / std_c` for the elements of channel c; without a domain the inputs are pixels.
 */
export function pixelSigma(
  x: Tensor,
  level: number,
  domain: Normalization | undefined,
): InputNoise['sigma'] {
  const std = domain?.std ?? [1];
  const C = x.shape[1] ?? 1;
  if (std.length !== 1 && std.length !== C) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an input domain with 1 or ${C} stds (the channels of x) for noiseScale 'pixels' but received ${std.length}.`,
    );
  }
  const D = x.data.length / (x.shape[0] ?? 1);
  const perChannel = D / C;
  const sigma = Float32Array.from({ length: D }, (_, j) => {
    const c = Math.floor(j / perChannel);
    return level / std[std.length === 1 ? 0 : c]!;
  });
  return () => sigma;
}

/** SmoothGrad's noise scale: `sigma = noiseLevel (max - min)` of each sample's values. */
export function smoothGradSigma(x: Tensor, noiseLevel: number): InputNoise['sigma'] {
  if (!(noiseLevel >= 0 && Number.isFinite(noiseLevel))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite noiseLevel of at least 0 but received ${noiseLevel}.`,
    );
  }
  return (b) => {
    const { lo, hi } = valueRange(sampleOf(x, b).data);
    return noiseLevel * (hi - lo);
  };
}

/**
 * Noise of `level` times the fixed data range (the AdaptGrad code's `FixedSigma`): per element
 * `level (hi - lo)` with lo, hi from `bounds` or pixel 0 and 1 through the domain.
 */
export function dataRangeSigma(
  x: Tensor,
  level: number,
  bounds: DataBounds | undefined,
  domain: Normalization | undefined,
): InputNoise['sigma'] {
  if (!bounds && !domain) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      "Expected bounds { min, max } or an input domain (normalization) for noiseScale 'data-range' of smooth-grad but received neither; pass bounds (e.g. { min: 0, max: 1 } for pixel inputs), or noiseScale 'range' for each sample's own range.",
    );
  }
  const { lo, hi } = elementBounds(x, 0, bounds, domain);
  const sigma = lo.map((l, j) => level * (hi[j]! - l));
  return () => sigma;
}
