/**
 * Blur integrated gradients (Xu, Venugopalan and Sundararajan, "Attribution in Scale and
 * Space", CVPR 2020; the equations below), as PAIR's `saliency` library implements it (`BlurIG`): the
 * path runs through Gaussian blurs of the input, from `L(x, sigma_max)` to `x`, and
 *
 * `BlurIG_i(x) = int_{sigma_max}^{0} dF(L(x, s))/dL_i  dL_i(x, s)/ds  ds`
 * `           ~ -sum_{k=0}^{m-1} (s_{k+1} - s_k) dL_i(x, s_k)/ds  dF(L(x, s_k))/dx_i`,
 *
 * with `s_k = k sigma_max / m` (or `sqrt(k sigma_max / m)` with `sqrt: true`) and the
 * derivative of the blur in sigma taken as PAIR does, by the forward difference
 * `(L(x, s_k + h) - L(x, s_k)) / h`, h = `gradStep`. Completeness holds up to the
 * discretisation: `sum a ~ F(x) - F(L(x, sigma_max))`. The blur acts on each [H, W] plane
 * of a sample (each colour channel separately, never across channels), a kernel of radius
 * `round(4 sigma)` as scipy's `gaussian_filter`, by core's `gaussianBlur`. One difference
 * from PAIR: edges are reflected (OpenCV's BORDER_REFLECT_101, as core's blur and I-GOS)
 * where PAIR pads with zeros (`mode="constant"`), so the path ends at a mean-like image
 * rather than one darkened at the borders; and since a blur of sigma < 1/8 has radius 0,
 * the first segment contributes nothing, in PAIR as here.
 *
 * Defaults: PAIR's, sigma_max = 50, 100 steps, h = 0.01, linear sigma steps; F the
 * target logit. Cost: `steps` gradient passes per sample (batched under the memory bound)
 * and 2 `steps` blurs of the sample on the CPU, each `O(H W radius)`.
 */
import {
  type AttributionMethod,
  gaussianBlur,
  type LossName,
  resolveOptions,
  rule,
  type Tensor,
  XaiError,
} from '@xai/core';
import { checkPositiveFinite, checkPositiveInteger } from '../shared/checks.js';
import { objectiveRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { type GradientPlan, sumGradients } from '../shared/sum-gradients.js';
import { xu2020 } from './papers-baselines.js';

export interface BlurIgOptions {
  /** sigma_max: the blur the path starts from, in pixels. */
  readonly maxSigma: number;
  /** m: gradient evaluations along the path. */
  readonly steps: number;
  /** h: the sigma step of the forward difference that gives dL/dsigma. */
  readonly gradStep: number;
  /** Space the sigmas as sqrt(k sigma_max / m) instead of k sigma_max / m (PAIR's `sqrt`). */
  readonly sqrt: boolean;
  /** What is differentiated: the target logit, or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
}

export const blurIg: AttributionMethod<BlurIgOptions> = {
  name: 'blur-ig',
  title: 'Blur IG',
  summary:
    'Integrated gradients along the path of decreasing Gaussian blur, from a heavily blurred image to the input.',
  paper: xu2020,
  defaults: { maxSigma: 50, steps: 100, gradStep: 0.01, sqrt: false, objective: 'logit' },
  rules: {
    maxSigma: rule.positive,
    steps: rule.integer(),
    gradStep: rule.positive,
    sqrt: rule.boolean,
    objective: objectiveRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(blurIg, options);
    checkPositiveInteger(o.steps, 'steps');
    checkPositiveFinite(o.maxSigma, 'maxSigma');
    checkPositiveFinite(o.gradStep, 'gradStep');
    if (x.shape.length < 3) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected a batch of images [B, ..., H, W] for blur-ig but received [${x.shape.join(', ')}].`,
      );
    }
    const sigmas = blurSigmas(o.maxSigma, o.steps, o.sqrt);
    const targets = await resolveSampleTargets(model, x, o.target, o);
    const B = x.shape[0] ?? 1;
    const D = B === 0 ? 0 : x.data.length / B;
    // dL/dsigma of the points in flight, keyed by point index b * steps + k.
    const slopes = new Map<number, Float32Array>();
    const plan: GradientPlan = {
      pointsPerSample: o.steps,
      async points(b, start, end) {
        const sample = sampleOf(x, b);
        const out = new Float32Array((end - start) * D);
        for (let k = start; k < end; k++) {
          const here = blurAt(sample, sigmas[k]!);
          const ahead = blurAt(sample, sigmas[k]! + o.gradStep);
          const slope = new Float32Array(D);
          for (let i = 0; i < D; i++) slope[i] = (ahead.data[i]! - here.data[i]!) / o.gradStep;
          slopes.set(b * o.steps + k, slope);
          out.set(here.data, (k - start) * D);
        }
        return out;
      },
      accumulate(b, k, grad, _point, acc) {
        const slope = slopes.get(b * o.steps + k)!;
        slopes.delete(b * o.steps + k);
        const ds = sigmas[k + 1]! - sigmas[k]!;
        for (let i = 0; i < D; i++) acc[i]! -= ds * slope[i]! * grad[i]!;
      },
    };
    return sumGradients(model, x, targets, plan, { ...o, phase: 'step' });
  },
};

/** The m + 1 sigmas of the path, s_k = k sigma_max / m (or its square root), k = 0..m. */
export function blurSigmas(maxSigma: number, steps: number, sqrt: boolean): Float64Array {
  return Float64Array.from({ length: steps + 1 }, (_, k) => {
    const s = (k * maxSigma) / steps;
    return sqrt ? Math.sqrt(s) : s;
  });
}

/** `L(x, sigma)`: the sample blurred over its last two axes, radius round(4 sigma); sigma 0 is x. */
export function blurAt(sample: Tensor, sigma: number): Tensor {
  const radius = Math.floor(4 * sigma + 0.5);
  if (sigma === 0 || radius === 0) return sample;
  return gaussianBlur(sample, 2 * radius + 1, sigma);
}
