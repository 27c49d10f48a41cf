/**
 * Guided integrated gradients (Kapishnikov, Venugopalan, Avci, Wedin, Terry and
 * Bolukbasi, "Guided Integrated Gradients: An Adaptive Path Method for Removing Noise",
 * CVPR 2021; the equations below), as PAIR's `saliency` library implements it
 * (`guided_ig.guided_ig_impl`). The path from the baseline b to the input x is chosen
 * step by step: at step k (of `steps`) the L1 distance to the input must fall to
 * `L1(x, b) (1 - (k + 1) / steps)`; it is closed by moving, among the features not yet at
 * the step's upper bound, the `fraction` with the smallest absolute gradient toward
 * `x_max = b + alpha_max (x - b)`, repeated until the target distance is met, and no
 * feature may lag behind `x_min = b + alpha_min (x - b)`, with
 * `alpha_{min,max} = (k + 1) / steps -+ maxDist`. The attribution sums each move times the
 * gradient at the step's starting point, `a += (x_new - x_old) * dF(x_k)/dx`, so it is
 * complete up to the left-Riemann error of a path method: `sum a ~ F(x) - F(b)`.
 * With `maxDist: 0`, or `fraction: 1` and `maxDist: 1`, the path is the straight line
 * and Guided IG is integrated gradients with the left Riemann sum.
 *
 * Defaults: 128 steps, fraction 0.25, maxDist 1 (unbounded Guided IG, the path may go
 * anywhere in the box between baseline and input), zero baseline, F the target logit.
 * PAIR's `GuidedIG.GetMask` defaults to `x_steps = 200`, `max_dist = 0.02`: pass
 * `steps: 200, maxDist: 0.02` to match it; the ISA authors' comparison ran it with 15
 * steps on the softmax probability (`objective: 'probability'`). Computed in float64 per
 * sample as PAIR does; colour channels are separate features. Cost: `steps` gradient
 * passes per sample, one batch of all samples per step under the memory bound.
 */
import {
  type AttributionMethod,
  jsKernels,
  type LossName,
  lossGradient,
  resolveOptions,
  rule,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import { type BaselineSpec, resolveBaselines } from '../shared/baselines.js';
import type { Normalization } from '../shared/bounds.js';
import { checkPositiveInteger } from '../shared/checks.js';
import { normalizationRule, objectiveRule, pathBaselineRule } from '../shared/option-rules.js';
import { sampleOf } from '../shared/path-points.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { kapishnikov2021 } from './papers-baselines.js';

export interface GuidedIgOptions {
  /** Steps of the path, one gradient each (PAIR's x_steps). */
  readonly steps: number;
  /** Share of the features, those with the smallest |gradient|, moved in each round. */
  readonly fraction: number;
  /** How far (in alpha, 0..1) a feature may run ahead of or lag behind the straight line. */
  readonly maxDist: number;
  /** Where the path starts: 'zeros', 'black', 'white', 'blur', 'uniform', a number or a tensor. */
  readonly baseline: BaselineSpec;
  /** What is differentiated: the target logit, or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing, for the 'black', 'white' and 'uniform' baselines. */
  readonly normalization?: Normalization;
}

/** PAIR's tolerance for "the L1 distance has reached its target". */
const EPSILON = 1e-9;

export const guidedIg: AttributionMethod<GuidedIgOptions> = {
  name: 'guided-ig',
  title: 'Guided IG',
  summary:
    'Integrated gradients along an adaptive path that first moves the features with the smallest gradients.',
  paper: kapishnikov2021,
  defaults: {
    steps: 128,
    fraction: 0.25,
    maxDist: 1,
    baseline: 'zeros',
    objective: 'logit',
    normalization: undefined,
  },
  rules: {
    steps: rule.integer(),
    fraction: { type: 'number', greaterThan: 0, max: 1 },
    maxDist: rule.nonNegative,
    baseline: pathBaselineRule,
    objective: objectiveRule,
    normalization: normalizationRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(guidedIg, options));
    checkPositiveInteger(o.steps, 'steps');
    if (!(o.fraction > 0 && o.fraction <= 1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected fraction in (0, 1] but received ${o.fraction}.`,
      );
    }
    if (!(o.maxDist >= 0 && o.maxDist <= 1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected maxDist in [0, 1] but received ${o.maxDist}.`,
      );
    }
    const B = x.shape[0] ?? 1;
    const D = B === 0 ? 0 : x.data.length / B;
    const baselines = await resolveBaselines(x, o.baseline, {
      kernels: o.kernels ?? jsKernels,
      seed: o.seed ?? 0,
      ...(o.normalization ? { normalization: o.normalization } : {}),
    });
    const targets = await resolveSampleTargets(model, x, o.target, o);
    const paths = baselines.map((base, b) => {
      const input = Float64Array.from(sampleOf(x, b).data);
      const start = new Float64Array(D);
      for (let i = 0; i < D; i++) start[i] = typeof base === 'number' ? base : base.data[i]!;
      return new GuidedPath(input, start, o.fraction, o.maxDist);
    });
    const points = new Float32Array(B * D);
    for (let k = 0; k < o.steps; k++) {
      throwIfAborted(o.signal);
      paths.forEach((p, b) => {
        points.set(p.x, b * D);
      });
      const { grad } = await lossGradient(
        model,
        { data: points, shape: [...x.shape] },
        o.objective,
        targets,
        o,
      );
      paths.forEach((p, b) => {
        p.step(k, o.steps, grad.data.subarray(b * D, (b + 1) * D));
      });
      o.onProgress?.({ phase: 'step', done: k + 1, total: o.steps });
    }
    const out = new Float32Array(B * D);
    paths.forEach((p, b) => {
      out.set(p.attribution, b * D);
    });
    return { data: out, shape: [...x.shape] };
  },
};

/** One sample's Guided IG path and attribution, in float64 (PAIR's guided_ig_impl). */
export class GuidedPath {
  /** The current point on the path. */
  readonly x: Float64Array;
  readonly attribution: Float64Array;
  private readonly l1Total: number;

  constructor(
    private readonly input: Float64Array,
    private readonly baseline: Float64Array,
    private readonly fraction: number,
    private readonly maxDist: number,
  ) {
    this.x = Float64Array.from(baseline);
    this.attribution = new Float64Array(input.length);
    let l1 = 0;
    for (let i = 0; i < input.length; i++) l1 += Math.abs(input[i]! - baseline[i]!);
    this.l1Total = l1;
  }

  /** Step k of `steps`, given the gradient at the current point. */
  step(k: number, steps: number, gradActual: ArrayLike<number>): void {
    if (this.l1Total === 0) return;
    const { x, input, baseline, attribution } = this;
    const D = x.length;
    const alpha = (k + 1) / steps;
    const alphaMin = Math.max(alpha - this.maxDist, 0);
    const alphaMax = Math.min(alpha + this.maxDist, 1);
    const xMin = new Float64Array(D);
    const xMax = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      const d = input[i]! - baseline[i]!;
      xMin[i] = baseline[i]! + d * alphaMin;
      xMax[i] = baseline[i]! + d * alphaMax;
    }
    const l1Target = this.l1Total * (1 - (k + 1) / steps);
    const grad = Float64Array.from(gradActual);
    const magnitudes = new Float64Array(D);
    const xOld = new Float64Array(D);
    const commit = () => {
      for (let i = 0; i < D; i++) attribution[i]! += (x[i]! - xOld[i]!) * gradActual[i]!;
    };
    let gamma = Number.POSITIVE_INFINITY;
    while (gamma > 1) {
      xOld.set(x);
      // Features that fell behind alpha_min jump to x_min (where input == baseline the
      // feature never moves: PAIR's NaN alpha is read as alpha_max).
      for (let i = 0; i < D; i++) {
        const d = input[i]! - baseline[i]!;
        if (d !== 0 && (x[i]! - baseline[i]!) / d < alphaMin) x[i] = xMin[i]!;
      }
      let l1Current = 0;
      for (let i = 0; i < D; i++) l1Current += Math.abs(x[i]! - input[i]!);
      if (
        Math.abs(l1Target - l1Current) <= Math.max(EPSILON * Math.max(l1Target, l1Current), EPSILON)
      ) {
        commit();
        return;
      }
      // Features at x_max are excluded; select the `fraction` with the smallest |gradient|.
      for (let i = 0; i < D; i++) {
        if (x[i] === xMax[i]) grad[i] = Number.POSITIVE_INFINITY;
        magnitudes[i] = Math.abs(grad[i]!);
      }
      magnitudes.sort();
      const threshold = magnitudes[Math.floor(this.fraction * (D - 1))]!; // numpy 'lower'
      let l1S = 0;
      for (let i = 0; i < D; i++) {
        if (grad[i] !== Number.POSITIVE_INFINITY && Math.abs(grad[i]!) <= threshold) {
          l1S += Math.abs(x[i]! - xMax[i]!);
        }
      }
      gamma = l1S > 0 ? (l1Current - l1Target) / l1S : Number.POSITIVE_INFINITY;
      if (!(gamma > 0) || (l1S === 0 && gamma === Number.POSITIVE_INFINITY)) {
        // Nothing left to move (or already past the target): PAIR would loop or assert here.
        commit();
        return;
      }
      for (let i = 0; i < D; i++) {
        if (grad[i] === Number.POSITIVE_INFINITY || Math.abs(grad[i]!) > threshold) continue;
        x[i] = gamma > 1 ? xMax[i]! : x[i]! + (xMax[i]! - x[i]!) * gamma;
      }
      commit();
    }
  }
}
