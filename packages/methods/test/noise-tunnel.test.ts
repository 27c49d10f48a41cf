/**
 * The noise tunnel over any method: against a plain loop that calls the inner method on
 * each noisy copy alone and averages (the copies drawn here from the documented stream),
 * closed forms of the reductions on a linear model, the batching, and the option errors.
 */
import { loadOnnxModel } from '@xai/backend-onnx';
import {
  type AttributionMethod,
  jsKernels,
  type Model,
  meteredModel,
  type Tensor,
} from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../src/backward/grad-cam.js';
import { guidedBackprop } from '../src/backward/guided-backprop.js';
import { lrp } from '../src/backward/lrp.js';
import { gradientXInput } from '../src/gradient/gradient-x-input.js';
import { integratedGradients } from '../src/path/integrated-gradients.js';
import { fusionGrad } from '../src/smoothing/fusion-grad.js';
import { NOISE_GRAD_STREAM, noiseGrad } from '../src/smoothing/noise-grad.js';
import { SMOOTH_GRAD_STREAM, smoothGrad } from '../src/smoothing/smooth-grad.js';
import { rangeSigma, smoothGradNormals } from './helpers/smooth-grad-draws.js';

const D = 784;
const domain = { mean: [0.2860406021939525], std: [0.3530242495426238] };

function fixtureBatch(images: number[]): { x: Tensor; target: number[] } {
  const all = loadFixtureInputs();
  const labels = loadFixtureLabels();
  const data = new Float32Array(images.length * D);
  for (const [j, i] of images.entries()) data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  return { x: { data, shape: [images.length, 1, 28, 28] }, target: images.map((i) => labels[i]!) };
}

/** Copy n of sample b, `x_b + sigma z` with the normals at `(b T + f + n) D` of `stream`. */
async function noisyCopy(
  x: Tensor,
  b: number,
  sigma: number,
  element: number,
  seed: number,
  stream = SMOOTH_GRAD_STREAM,
): Promise<Tensor> {
  const n = x.data.length / x.shape[0]!;
  const z = await jsKernels.random({
    distribution: 'normal',
    shape: [n],
    seed,
    stream,
    offset: element * n,
  });
  const data = Float32Array.from({ length: n }, (_, j) => x.data[b * n + j]! + sigma * z.data[j]!);
  return { data, shape: [1, ...x.shape.slice(1)] };
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

function worstGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!));
  return w;
}

// biome-ignore lint/suspicious/noExplicitAny: inner methods of every options type.
type AnyMethod = AttributionMethod<any, any>;

describe('the noise tunnel over methods other than the gradient (fixture CNN)', {
  timeout: 120_000,
}, () => {
  let model: Model;
  const { x, target } = fixtureBatch([3, 42]);
  const seed = 7;
  const N = 3;
  beforeAll(async () => {
    model = await loadOnnxModel(fixtureModelPath('cnn'));
  });
  afterAll(async () => {
    await model?.dispose?.();
  });

  const inners: Array<[string, AnyMethod, Record<string, unknown>]> = [
    ['guided backprop', guidedBackprop, {}],
    ['Grad-CAM', gradCam, { relu: false }],
    [
      'integrated gradients with its own steps',
      integratedGradients,
      { steps: 8, baseline: 'black' },
    ],
    ['LRP (epsilon)', lrp, { epsilon: 0.05 }],
    ['gradient x input as a descriptor', gradientXInput, { objective: 'probability' }],
  ];

  it.each(inners)(
    'SmoothGrad over %s equals the loop over single copies',
    async (_, inner, innerOptions) => {
      const sg = await smoothGrad.explain(model, x, {
        target,
        seed,
        domain,
        samples: N,
        inner,
        innerOptions,
        maxBatchSize: 4,
      });
      const want = new Float64Array(x.data.length);
      const plain = await inner.explain(model, x, { target, seed, domain, ...innerOptions });
      for (let b = 0; b < 2; b++) {
        for (let n = 0; n < N; n++) {
          const copy = await noisyCopy(x, b, rangeSigma(x, b), b * N + n, seed);
          const m = await inner.explain(model, copy, {
            target: [target[b]!],
            seed,
            domain,
            ...innerOptions,
          });
          for (let j = 0; j < D; j++) want[b * D + j]! += m.data[j]! / N;
        }
      }
      const scale = maxAbs(want);
      expect(scale).toBeGreaterThan(0);
      expect(worstGap(sg.data, want)).toBeLessThanOrEqual(1e-6 * scale);
      // The noise moved it: the smoothed map is not the plain one.
      expect(worstGap(sg.data, plain.data)).toBeGreaterThan(1e-2 * scale);
    },
  );

  it('NoiseGrad over guided backprop equals the loop over noisy models', async () => {
    const K = 3;
    const ng = await noiseGrad.explain(model, x, {
      target,
      seed,
      models: K,
      inner: guidedBackprop,
    });
    const want = new Float64Array(x.data.length);
    for (let k = 0; k < K; k++) {
      const noisy = await model.withWeightNoise!({
        sigma: 0.2,
        seed,
        stream: NOISE_GRAD_STREAM + k,
      });
      const m = await guidedBackprop.explain(noisy, x, { target });
      for (let i = 0; i < want.length; i++) want[i]! += m.data[i]! / K;
      await noisy.dispose?.();
    }
    expect(worstGap(ng.data, want)).toBeLessThanOrEqual(1e-6 * maxAbs(want));
  });

  it('FusionGrad over Grad-CAM draws fresh copies per model, as the loop does', async () => {
    const K = 2;
    const M = 2;
    const fg = await fusionGrad.explain(model, x, {
      target,
      seed,
      models: K,
      samples: M,
      inner: gradCam,
    });
    const want = new Float64Array(x.data.length);
    for (let k = 0; k < K; k++) {
      const noisy = await model.withWeightNoise!({
        sigma: 0.2,
        seed,
        stream: NOISE_GRAD_STREAM + k,
      });
      for (let b = 0; b < 2; b++) {
        for (let n = 0; n < M; n++) {
          const copy = await noisyCopy(x, b, rangeSigma(x, b), b * K * M + k * M + n, seed);
          const m = await gradCam.explain(noisy, copy, { target: [target[b]!] });
          for (let j = 0; j < D; j++) want[b * D + j]! += m.data[j]! / (K * M);
        }
      }
      await noisy.dispose?.();
    }
    expect(worstGap(fg.data, want)).toBeLessThanOrEqual(1e-6 * maxAbs(want));
  });

  it('gives the same map for a seed whatever the memory bound, another for another seed', async () => {
    const run = (o: object) =>
      smoothGrad.explain(model, x, { target, seed, samples: 5, inner: guidedBackprop, ...o });
    const all = await run({});
    const scale = maxAbs(all.data);
    for (const maxBatchSize of [1, 3, 7]) {
      expect(worstGap((await run({ maxBatchSize })).data, all.data)).toBeLessThanOrEqual(
        1e-6 * scale,
      );
    }
    const bytes = await run({ memoryLimitBytes: 2 * D * 4 });
    expect(worstGap(bytes.data, all.data)).toBeLessThanOrEqual(1e-6 * scale);
    expect(worstGap((await run({ seed: seed + 1 })).data, all.data)).toBeGreaterThan(1e-3 * scale);
  });
});

describe('the noise tunnel on a linear model (closed forms, calls)', () => {
  const shape = [2, 2, 3];
  const d = 12;
  const x: Tensor = {
    data: Float32Array.from({ length: 2 * d }, (_, i) => Math.sin(0.9 * i) + 0.1),
    shape: [2, ...shape],
  };
  const model = randomLinearModel(shape, 3, 4);
  const w = model.derivatives(new Float64Array(d)).jacobian;

  it('mean, mean of squares and variance of a constant gradient: w, w^2 and 0', async () => {
    const base = { target: [1, 2], samples: 9, seed: 3 } as const;
    const mean = await smoothGrad.explain(model, x, base);
    const squares = await smoothGrad.explain(model, x, { ...base, reduction: 'mean-of-squares' });
    const variance = await smoothGrad.explain(model, x, { ...base, reduction: 'variance' });
    [1, 2].forEach((t, b) => {
      for (let i = 0; i < d; i++) {
        const wi = w[t * d + i]!;
        expect(mean.data[b * d + i]).toBeCloseTo(wi, 6);
        expect(squares.data[b * d + i]).toBeCloseTo(wi * wi, 6);
        expect(Math.abs(variance.data[b * d + i]!)).toBeLessThan(1e-6);
      }
    });
  });

  it('variance of gradient x input: w^2 sigma^2 times the variance of the drawn normals', async () => {
    const N = 8;
    const seed = 12;
    const v = await smoothGrad.explain(model, x, {
      target: 0,
      samples: N,
      seed,
      inner: gradientXInput,
      reduction: 'variance',
    });
    for (let b = 0; b < 2; b++) {
      const z = await smoothGradNormals(seed, b, N, d);
      for (let i = 0; i < d; i++) {
        let m1 = 0;
        let m2 = 0;
        for (let n = 0; n < N; n++) {
          m1 += z.data[n * d + i]! / N;
          m2 += z.data[n * d + i]! ** 2 / N;
        }
        const want = w[i]! ** 2 * rangeSigma(x, b) ** 2 * (m2 - m1 * m1);
        expect(v.data[b * d + i]).toBeCloseTo(want, 5);
        expect(want).toBeGreaterThan(0);
      }
    }
  });

  it('costs ceil(B N / b) vjp calls for the gradient, b rows per call', async () => {
    for (const [maxBatchSize, calls] of [
      [4, 5],
      [7, 3],
      [100, 1],
    ] as const) {
      const metered = meteredModel(model);
      await smoothGrad.explain(metered, x, { target: 0, samples: 9, maxBatchSize });
      expect(metered.meter.vjp.calls).toBe(calls);
      expect(metered.meter.vjp.rows).toBe(18);
    }
  });

  it('checks the inner method and its options before any model pass', async () => {
    const metered = meteredModel(model);
    const fails = (o: object) => smoothGrad.explain(metered, x, { target: 0, ...o });
    await expect(
      fails({ inner: guidedBackprop, innerOptions: { objectve: 'logit' } }),
    ).rejects.toThrow(
      /Expected an option of 'guided-backprop' among objective but received 'objectve'; did you mean 'objective'\?/,
    );
    await expect(
      fails({ inner: guidedBackprop, innerOptions: { objectve: 'logit' } }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_OPTION' });
    await expect(fails({ inner: integratedGradients, innerOptions: { steps: 0 } })).rejects.toThrow(
      /for option 'steps' of 'integrated-gradients' but received 0/,
    );
    await expect(fails({ inner: integratedGradients, steps: 8 })).rejects.toThrow(
      /Expected the options of the inner method 'integrated-gradients' of smooth-grad in innerOptions but received steps beside it; pass innerOptions: \{ steps \}/,
    );
    await expect(fails({ inner: 'guided-backprop' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(fails({ innerOptions: 3 })).rejects.toThrow(/innerOptions/);
    await expect(fails({ reduction: 'median' })).rejects.toThrow(/option 'reduction'/);
    await expect(fails({ squared: true, reduction: 'variance' })).rejects.toThrow(
      /Expected squared: true \(the mean of squares\) or reduction 'variance' for smooth-grad but received both/,
    );
    await expect(
      fails({ weightNoise: { models: 2, sigma: 0.1 }, inner: guidedBackprop }),
    ).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(metered.meter.forward.calls + metered.meter.vjp.calls).toBe(0);
  });
});
