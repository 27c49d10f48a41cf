import { jsKernels, type Kernels, type Model, type Tensor } from '@xai/core';
import { randomLinearModel, randomQuadraticModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectSeededAndBatchingIgnored } from '../../test/helpers/batching.js';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { rangeSigma, smoothGradNormals } from '../../test/helpers/smooth-grad-draws.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { smoothGrad } from './smooth-grad.js';

const shape = [2, 2, 3];
const D = 12;
const x: Tensor = {
  data: Float32Array.from({ length: 2 * D }, (_, i) => Math.cos(0.7 * i)),
  shape: [2, ...shape],
};
/** The mean of the N normals each element receives, drawn here from the documented stream. */
async function meanNoise(b: number, N: number, seed: number): Promise<Float64Array> {
  const z = await smoothGradNormals(seed, b, N, D);
  const m = new Float64Array(D);
  for (let n = 0; n < N; n++) for (let i = 0; i < D; i++) m[i]! += z.data[n * D + i]! / N;
  return m;
}

describe('smooth-grad', () => {
  it('equals the gradient on a linear model: noise does not move a constant gradient', async () => {
    const model = randomLinearModel(shape, 3, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const sg = await smoothGrad.explain(model, x, { target: [2, 0], seed: 9 });
    expect(sg.shape).toEqual(x.shape);
    [2, 0].forEach((t, b) => {
      for (let i = 0; i < D; i++) expect(sg.data[b * D + i]).toBeCloseTo(w[t * D + i]!, 6);
    });
    const squared = await smoothGrad.explain(model, x, { target: 1, squared: true, samples: 5 });
    for (let i = 0; i < D; i++) expect(squared.data[i]).toBeCloseTo(w[D + i]! ** 2, 6);
  });

  it('on a quadratic model is A (x + sigma mean(z)) + b with the documented normals', async () => {
    const model = randomQuadraticModel(shape, 2, 3);
    const N = 20;
    const sg = await smoothGrad.explain(model, x, { target: 1, samples: N, seed: 11 });
    for (let b = 0; b < 2; b++) {
      const zbar = await meanNoise(b, N, 11);
      const shifted = Float64Array.from(
        { length: D },
        (_, i) => x.data[b * D + i]! + rangeSigma(x, b) * zbar[i]!,
      );
      const want = model.derivatives(shifted).jacobian.subarray(D);
      for (let i = 0; i < D; i++) expect(sg.data[b * D + i]).toBeCloseTo(want[i]!, 5);
      // And the noise really moved it.
      const at = model.derivatives(Float64Array.from(x.data.subarray(b * D, (b + 1) * D)));
      expect(Math.abs(sg.data[b * D]! - at.jacobian[D]!)).toBeGreaterThan(1e-4);
    }
  });

  it('converges to E[A(x + eps) + b] = A x + b (Monte Carlo, N = 4000)', async () => {
    // Element i of the mean deviates by (A z_bar)_i ~ N(0, sigma^2 sum_j A_ij^2 / N): we allow
    // 4.5 standard deviations, which a correct estimate exceeds with probability ~7e-6 per
    // element (the draws are fixed by the seed, so the test is deterministic anyway).
    const model = randomQuadraticModel(shape, 2, 3);
    const N = 4000;
    const sg = await smoothGrad.explain(model, x, { target: 0, samples: N, seed: 5 });
    const A = model.derivatives(new Float64Array(D)).logitHessians!;
    for (let b = 0; b < 2; b++) {
      const exact = model.derivatives(Float64Array.from(x.data.subarray(b * D, (b + 1) * D)));
      for (let i = 0; i < D; i++) {
        let rowNorm2 = 0;
        for (let j = 0; j < D; j++) rowNorm2 += A[i * D + j]! ** 2;
        const sd = rangeSigma(x, b) * Math.sqrt(rowNorm2 / N);
        expect(Math.abs(sg.data[b * D + i]! - exact.jacobian[i]!)).toBeLessThan(4.5 * sd);
      }
    }
  });

  it('is deterministic for a seed, differs between seeds, and ignores the batching', async () => {
    const model = randomQuadraticModel(shape, 2, 3);
    const options = { target: 0, samples: 7, seed: 1 };
    const a = await expectSeededAndBatchingIgnored(smoothGrad, model, x, options, 3);
    // Draws are addressed by the sample's position in the run (docs/rng.md): sample 1 run
    // alone is sample 0 of that run and gets other normals.
    const one = await smoothGrad.explain(
      model,
      { data: x.data.slice(D), shape: [1, ...shape] },
      { target: 0, samples: 7, seed: 1 },
    );
    expect(one.data).not.toEqual(a.data.subarray(D));
  });

  it('smooths gradient x input at the noisy point and IG from a fixed baseline', async () => {
    const model = randomLinearModel(shape, 3, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const N = 6;
    const gi = await smoothGrad.explain(model, x, {
      target: 2,
      samples: N,
      seed: 3,
      inner: 'gradient-x-input',
    });
    const normalization = { mean: [0.5, 0.25], std: [0.5, 0.25] };
    const igW = await smoothGrad.explain(model, x, {
      target: 2,
      samples: N,
      seed: 3,
      inner: 'integrated-gradients',
      baseline: 'white',
      normalization,
      steps: 4,
    });
    for (let b = 0; b < 2; b++) {
      const zbar = await meanNoise(b, N, 3);
      for (let i = 0; i < D; i++) {
        const xn = x.data[b * D + i]! + rangeSigma(x, b) * zbar[i]!;
        const white = i < 6 ? 1 : 3;
        expect(gi.data[b * D + i]).toBeCloseTo(w[2 * D + i]! * xn, 5);
        expect(igW.data[b * D + i]).toBeCloseTo(w[2 * D + i]! * (xn - white), 5);
      }
    }
  });

  it('with zero noise and IG is integrated gradients, and counts the B N copies', async () => {
    const model = randomQuadraticModel(shape, 2, 3);
    const events: Array<[string, number, number]> = [];
    const sg = await smoothGrad.explain(model, x, {
      target: 1,
      samples: 3,
      noiseLevel: 0,
      inner: 'integrated-gradients',
      baseline: 'zeros',
      steps: 5,
      rule: 'gauss-legendre',
      maxBatchSize: 8,
      onProgress: (e) => events.push([e.phase, e.done, e.total]),
    });
    const ig = await integratedGradients.explain(model, x, {
      target: 1,
      steps: 5,
      rule: 'gauss-legendre',
    });
    for (let i = 0; i < sg.data.length; i++) expect(sg.data[i]).toBeCloseTo(ig.data[i]!, 5);
    // Progress counts the noisy copies (B N = 6), each an inner call's row, in paced
    // chunks of at most 8 rows (the first is one row).
    expect(events.at(-1)).toEqual(['sample', 6, 6]);
    for (const [i, e] of events.entries())
      expect(e[1] - (events[i - 1]?.[1] ?? 0)).toBeLessThanOrEqual(8);
    expect(events[0]?.[1]).toBe(1);
  });

  it("with noiseScale 'pixels' adds noiseLevel / std_c per channel (the reference-code preset)", async () => {
    const model = randomQuadraticModel(shape, 2, 3);
    const N = 6;
    const domain = { mean: [0.5, 0.25], std: [0.5, 0.25] };
    const sg = await smoothGrad.explain(model, x, {
      target: 1,
      samples: N,
      seed: 8,
      domain,
      noiseScale: 'pixels',
      noiseLevel: 0.15,
    });
    const code = await smoothGrad.explain(model, x, {
      target: 1,
      samples: N,
      seed: 8,
      domain,
      preset: 'reference-code',
      objective: 'logit',
    });
    expect(code.data).toEqual(sg.data);
    for (let b = 0; b < 2; b++) {
      const zbar = await meanNoise(b, N, 8);
      // Channel 0 is elements 0-5 (std 0.5), channel 1 elements 6-11 (std 0.25).
      const shifted = Float64Array.from(
        { length: D },
        (_, i) => x.data[b * D + i]! + (0.15 / (i < 6 ? 0.5 : 0.25)) * zbar[i]!,
      );
      const want = model.derivatives(shifted).jacobian.subarray(D);
      for (let i = 0; i < D; i++) expect(sg.data[b * D + i]).toBeCloseTo(want[i]!, 5);
    }
  });

  it('draws its noise through the kernels it is given', async () => {
    const model = randomLinearModel(shape, 3, 2);
    let perturbCalls = 0;
    const counting: Kernels = {
      ...jsKernels,
      perturb: (args) => {
        perturbCalls++;
        return jsKernels.perturb(args);
      },
    };
    await smoothGrad.explain(model, x, { target: 0, samples: 4, kernels: counting });
    expect(perturbCalls).toBeGreaterThan(0);
  });

  it('honours the abort signal and rejects bad options', async () => {
    const model: Model = randomLinearModel(shape, 3, 2);
    await expectAbortFromProgress(smoothGrad, model, x, { target: 0, maxBatchSize: 5 });
    await expect(smoothGrad.explain(model, x, { target: 0, samples: 0 })).rejects.toThrow(
      /Expected an integer >= 1 and <= 1000000 for option 'samples' of 'smooth-grad' but received 0/,
    );
    await expect(smoothGrad.explain(model, x, { target: 0, noiseLevel: -1 })).rejects.toThrow(
      /noiseLevel/,
    );
    await expect(
      smoothGrad.explain(model, x, { target: 0, inner: 'lrp' as 'gradient' }),
    ).rejects.toThrow(/'lrp'/);
  });
});
