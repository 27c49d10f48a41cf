/**
 * NoiseGrad (Bykov, Hedström, Nakajima and Höhne, "NoiseGrad — Enhancing Explanations by
 * Introducing Stochasticity to Model Weights", AAAI 2022; the equation below): the explanation averaged
 * over copies of the model whose weights carry multiplicative Gaussian noise,
 * `e_NG(x) = (1/N) sum_i e(x; f_{theta ⊙ eta_i})`, `eta_i ~ N(1, sigma^2)` elementwise.
 *
 * Defaults: N = 10 noisy models and sigma = 0.2, the paper's and its code's values. The
 * explanation e is the gradient (`inner: 'gradient'`), gradient x input, or integrated
 * gradients from `baseline` (zeros by default), as for SmoothGrad. Which weights get
 * noise is the model's business (`Model.withWeightNoise`; the ONNX backend perturbs every
 * float initializer of more than one element except batch-norm running statistics).
 * `'predicted'` targets are resolved once, on the unperturbed model.
 *
 * Random numbers: noisy model i is `withWeightNoise({ sigma, seed, stream:
 * NOISE_GRAD_STREAM + i })`. Cost: N model variants (built and disposed one at a time)
 * and N gradient passes per sample (N x steps with integrated gradients). Needs the
 * optional `withWeightNoise` capability; without it, a NOT_SUPPORTED error says so.
 */
import {
  type AttributionMethod,
  type ExplainContext,
  jsKernels,
  type LossName,
  type Model,
  resolveOptions,
  rule,
  type Tensor,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import { bykov2022 } from '../path/papers-baselines.js';
import {
  attributeAtPoints,
  type InnerMethod,
  innerMethods,
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
} from '../shared/option-rules.js';
import { type QuadratureRule, quadrature } from '../shared/quadrature.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';

/** The generator streams of the noisy models: model i uses stream `NOISE_GRAD_STREAM + i`. */
export const NOISE_GRAD_STREAM = 0x4e470000; // 'NG' << 16

export interface NoiseGradOptions {
  /** N: noisy models averaged. */
  readonly models: number;
  /** Standard deviation of the multiplicative weight noise, `eta ~ N(1, sigma^2)`. */
  readonly sigma: number;
  /** The explanation averaged: the gradient, gradient x input, or integrated gradients. */
  readonly inner: InnerMethod;
  /** Integrated gradients only: where each path starts. */
  readonly baseline: BaselineSpec;
  /** Integrated gradients only: gradient evaluations per path. */
  readonly steps: number;
  /** Integrated gradients only: the quadrature rule. */
  readonly rule: QuadratureRule;
  /** What is differentiated: the target logit, or a loss on the logits. */
  readonly objective: Extract<LossName, 'logit' | 'probability' | 'log-softmax' | 'cross-entropy'>;
  /** The model's preprocessing, for the 'black', 'white' and 'uniform' baselines. */
  readonly normalization?: Normalization;
}

export const noiseGrad: AttributionMethod<NoiseGradOptions> = {
  name: 'noise-grad',
  title: 'NoiseGrad',
  summary:
    'The gradient (or gradient x input, or integrated gradients) averaged over copies of the model with multiplicative Gaussian weight noise.',
  paper: bykov2022,
  defaults: {
    models: 10,
    sigma: 0.2,
    inner: 'gradient',
    baseline: 'zeros',
    steps: 50,
    rule: 'right',
    objective: 'logit',
    normalization: undefined,
  },
  rules: {
    models: rule.integer(),
    sigma: rule.nonNegative,
    inner: innerRule,
    baseline: pathBaselineRule,
    steps: rule.integer(),
    rule: quadratureRule,
    objective: objectiveRule,
    normalization: normalizationRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(noiseGrad, options));
    if (!innerMethods.includes(o.inner)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected inner to be one of ${innerMethods.join(', ')} but received '${String(o.inner)}'.`,
      );
    }
    const kernels = o.kernels ?? jsKernels;
    const onPath = o.inner === 'integrated-gradients';
    const q = onPath ? quadrature(o.rule, o.steps) : undefined;
    const baselines = onPath
      ? await resolveBaselines(x, o.baseline, {
          kernels,
          seed: o.seed ?? 0,
          ...(o.normalization ? { normalization: o.normalization } : {}),
        })
      : [];
    const targets = await resolveSampleTargets(model, x, o.target, o);
    return meanOverNoisyModels(model, x, { ...o, name: 'noise-grad' }, (noisy, run) =>
      attributeAtPoints(noisy, x, targets, {
        ...run,
        kernels,
        objective: o.objective,
        inner: o.inner,
        ...(q ? { quadrature: q, baselines } : {}),
        phase: 'model',
      }),
    );
  },
};

/**
 * `(1/N) sum_i explain(f_i)` over N noisy copies `f_i` of `model`, each built by
 * `withWeightNoise({ sigma, seed, stream: NOISE_GRAD_STREAM + i })`, used and disposed
 * before the next. `explain` gets run options whose progress is rescaled to the whole
 * run (`done` of `total` over all models).
 */
export async function meanOverNoisyModels(
  model: Model,
  x: Tensor,
  o: ExplainContext & { models: number; sigma: number; name: string },
  explain: (noisy: Model, run: ExplainContext, i: number) => Promise<Tensor>,
): Promise<Tensor> {
  checkPositiveInteger(o.models, 'models');
  if (!(o.sigma >= 0 && Number.isFinite(o.sigma))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite weight-noise sigma of at least 0 but received ${o.sigma}.`,
    );
  }
  if (typeof model.withWeightNoise !== 'function') {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected a model with the optional capability withWeightNoise for ${o.name} but received one without it; load the model with @xai/backend-onnx's loadOnnxModel, or implement Model.withWeightNoise.`,
    );
  }
  const N = o.models;
  const acc = new Float64Array(x.data.length);
  for (let i = 0; i < N; i++) {
    throwIfAborted(o.signal);
    const noisy = await model.withWeightNoise({
      sigma: o.sigma,
      seed: o.seed ?? 0,
      stream: NOISE_GRAD_STREAM + i,
    });
    try {
      const onProgress = o.onProgress;
      const run: ExplainContext = onProgress
        ? {
            ...o,
            onProgress: (p) =>
              onProgress({ phase: p.phase, done: i * p.total + p.done, total: N * p.total }),
          }
        : o;
      const e = await explain(noisy, run, i);
      for (let j = 0; j < acc.length; j++) acc[j]! += e.data[j]!;
    } finally {
      await noisy.dispose?.();
    }
  }
  const out = new Float32Array(acc.length);
  for (let j = 0; j < acc.length; j++) out[j] = acc[j]! / N;
  return { data: out, shape: [...x.shape] };
}
