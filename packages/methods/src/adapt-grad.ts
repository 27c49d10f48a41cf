/**
 * AdaptGrad (Zhou, Ma, Wang and Shi, "Rethinking the Principle of Gradient Smooth Methods
 * in Model Explanation", eq. 11-13): SmoothGrad with a per-element noise scale chosen so
 * that each noisy element stays inside the data bounds at confidence level c:
 *
 * `G_ag = (1/N) sum_n G(x + eps_n)`, `eps_n ~ N(0, diag(sigma_1^2, ..., sigma_D^2))` (eq. 11, 12),
 * `sigma_i = min(|x_i - x_min|, |x_i - x_max|) / (sqrt(2) erfinv((1 + c) / 2))` (eq. 13).
 *
 * Eq. 13 is used as printed: the symmetric interval of half-length d_i (the distance to the
 * nearer bound) then holds `x_i + eps_i` with probability `erf(erfinv((1 + c)/2)) = (1 + c)/2`,
 * so each element stays within the bounds with probability at least (1 + c)/2 >= c (0.975
 * for c = 0.95). This reading reproduces the paper's figure 3: for x uniform on
 * [-2.12, 2.64] it gives an expected out-of-bounds share of 0.0134 (the paper reports
 * 0.01424, against 0.1596 for SmoothGrad with alpha = 0.2); reading erfinv(c) instead would
 * give 0.027. Elements on a bound get sigma = 0; an element outside the bounds gets its
 * distance to the nearer one (the absolute values of eq. 13).
 *
 * The bounds [x_min, x_max]: the paper takes them from the dataset (ImageNet after its
 * normalisation). Here they are `bounds` when given (one value, or one per channel);
 * otherwise pixel 0 and 1 passed through `normalization`, per channel (the exact valid range
 * of each channel; pass `bounds: { min: -2.12, max: 2.64 }` for the paper's single ImageNet
 * range); otherwise each sample's own minimum and maximum. Defaults: c = 0.95, N = 50.
 * Combinations as in the paper (A-GI, A-IG(B), A-IG(W)) through `inner` and `baseline`,
 * as for SmoothGrad.
 *
 * Random numbers: the normals of copy n of sample b, element j, are element
 * `(b N + n) D + j` of stream `ADAPT_GRAD_STREAM`, drawn by the kernels' perturbation batch.
 * NoiseGrad inside (the paper's A-NG) through `weightNoise: { models, sigma }`, as for
 * SmoothGrad (see smooth-grad.ts): the map averaged over `models` copies of the model with
 * multiplicative weight noise, each seeing the same N noisy inputs; needs
 * `Model.withWeightNoise`.
 *
 * Cost: as SmoothGrad, B N gradient passes (B N steps with integrated gradients) in
 * ceil(B N / b) vjp calls, b the batch the memory bound allows, a forward call before each
 * unless the objective is the logit, one forward call to resolve `target: 'predicted'`;
 * K times the gradient passes with `weightNoise` (K = models).
 */
import {
  type AttributionMethod,
  resolveOptions,
  type Tensor,
  withDomain,
  XaiError,
} from '@xai/core';
import { type DataBounds, elementBounds, type NoiseSpec, sampleOf } from './integration-path.js';
import { boundsRule } from './option-rules.js';
import { zhou2024 } from './papers-smoothing.js';
import {
  type SmoothingOptions,
  smoothedWithWeightNoise,
  smoothingDefaults,
  smoothingRules,
} from './smooth-grad.js';

/** The stream of AdaptGrad's normals. */
export const ADAPT_GRAD_STREAM = 0x4147; // 'AG'

export interface AdaptGradOptions extends SmoothingOptions {
  /** c: the confidence level of eq. 13 (the paper: 0.95; 0.99, 0.995, 0.999 also suggested). */
  readonly confidence: number;
  /** The data bounds [x_min, x_max] (scalar or per channel); default from `normalization`. */
  readonly bounds?: DataBounds;
}

export const adaptGrad: AttributionMethod<AdaptGradOptions> = {
  name: 'adapt-grad',
  title: 'AdaptGrad',
  summary:
    'SmoothGrad with per-element noise scaled to the distance to the data bounds, so noisy inputs stay in range at confidence c.',
  paper: zhou2024,
  defaults: {
    ...smoothingDefaults,
    confidence: 0.95,
    normalization: undefined,
    weightNoise: undefined,
    bounds: undefined,
  },
  rules: {
    ...smoothingRules,
    confidence: { type: 'number', greaterThan: 0, lessThan: 1 },
    bounds: boundsRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(adaptGrad, options));
    const sigma = adaptGradNoise(x, o);
    return smoothedWithWeightNoise(model, x, o, ADAPT_GRAD_STREAM, sigma, 'adapt-grad');
  },
};

/** AdaptGrad's per-element noise scale (eq. 13) for every sample of `x`. */
export function adaptGradNoise(
  x: Tensor,
  o: Pick<AdaptGradOptions, 'confidence' | 'bounds' | 'normalization'>,
): NoiseSpec['sigma'] {
  const denominator = adaptGradDenominator(o.confidence);
  return (b) => {
    const { lo, hi } = elementBounds(x, b, o.bounds, o.normalization);
    return adaptGradSigma(sampleOf(x, b), lo, hi, denominator);
  };
}

/** `sqrt(2) erfinv((1 + c) / 2)`, the denominator of eq. 13, for c in (0, 1). */
export function adaptGradDenominator(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a confidence level strictly between 0 and 1 but received ${confidence}.`,
    );
  }
  return Math.SQRT2 * erfinv((1 + confidence) / 2);
}

/** Eq. 13 for every element of one sample: `min(|x - lo|, |x - hi|) / denominator`. */
export function adaptGradSigma(
  sample: Tensor,
  lo: Float32Array,
  hi: Float32Array,
  denominator: number,
): Float32Array {
  const out = new Float32Array(sample.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = sample.data[i]!;
    out[i] = Math.min(Math.abs(v - lo[i]!), Math.abs(v - hi[i]!)) / denominator;
  }
  return out;
}

/**
 * The error function in float64: its Maclaurin series below 2 (terms fall fast enough
 * there for ~1e-16 absolute accuracy) and, above, 1 - erfc from the continued fraction
 * erfc(x) = exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))),
 * evaluated by the modified Lentz method.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a < 2) {
    let term = a;
    let sum = a;
    for (let n = 1; Math.abs(term) > 1e-17 * sum; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  if (a > 6) return sign; // erfc(6) < 3e-17: below float64 resolution next to 1
  const tiny = 1e-300;
  let f = a;
  let c = a;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const coefficient = k / 2;
    d = a + coefficient * d;
    if (d === 0) d = tiny;
    c = a + coefficient / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return sign * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f);
}

/** The inverse error function on (-1, 1), by bisection of `erf` (monotone) to float64 resolution. */
export function erfinv(p: number): number {
  if (!(p > -1 && p < 1)) {
    if (p === 1) return Number.POSITIVE_INFINITY;
    if (p === -1) return Number.NEGATIVE_INFINITY;
    return Number.NaN;
  }
  if (p < 0) return -erfinv(-p);
  let lo = 0;
  let hi = 6;
  for (;;) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (erf(mid) < p) lo = mid;
    else hi = mid;
  }
}
