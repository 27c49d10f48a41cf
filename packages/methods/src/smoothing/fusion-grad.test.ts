import { jsKernels } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { noisyWeights, reluLogitGradient } from '../../test/helpers/noise-grad-draws.js';
import { D, noisyNetwork, shape, x } from '../../test/helpers/weight-noise-case.js';
import { adaptGrad } from './adapt-grad.js';
import { fusionGrad } from './fusion-grad.js';
import { SMOOTH_GRAD_STREAM, smoothGrad } from './smooth-grad.js';

describe('fusion-grad', () => {
  it('with sigma = 0 is SmoothGrad with N M samples and the same seed', async () => {
    const model = noisyNetwork();
    const fg = await fusionGrad.explain(model, x, {
      target: [2, 0],
      sigma: 0,
      models: 3,
      samples: 4,
      seed: 5,
      maxBatchSize: 5,
    });
    const sg = await smoothGrad.explain(model, x, { target: [2, 0], samples: 12, seed: 5 });
    for (let i = 0; i < sg.data.length; i++) expect(fg.data[i]).toBeCloseTo(sg.data[i]!, 6);
    // And with AdaptGrad's noise, AdaptGrad.
    const fa = await fusionGrad.explain(model, x, {
      target: 1,
      sigma: 0,
      models: 2,
      samples: 3,
      seed: 5,
      smoothing: 'adapt-grad',
      bounds: { min: -1, max: 1.5 },
    });
    const ag = await adaptGrad.explain(model, x, {
      target: 1,
      samples: 6,
      seed: 5,
      bounds: { min: -1, max: 1.5 },
    });
    for (let i = 0; i < ag.data.length; i++) expect(fa.data[i]).toBeCloseTo(ag.data[i]!, 6);
  });

  it('averages gradients at noisy inputs over models with weight noise, drawn here', async () => {
    const model = noisyNetwork();
    const [N, M, seed, sigma] = [2, 3, 11, 0.25];
    const fg = await fusionGrad.explain(model, x, {
      target: 2,
      sigma,
      models: N,
      samples: M,
      seed,
    });
    const want = new Float64Array(2 * D);
    for (let i = 0; i < N; i++) {
      const weights = noisyWeights(model, seed, i, sigma);
      for (let b = 0; b < 2; b++) {
        const xb = x.data.subarray(b * D, (b + 1) * D);
        const sx = 0.2 * (Math.max(...xb) - Math.min(...xb));
        const z = await jsKernels.random({
          distribution: 'normal',
          shape: [M * D],
          seed,
          stream: SMOOTH_GRAD_STREAM,
          offset: (b * N * M + i * M) * D,
        });
        for (let j = 0; j < M; j++) {
          // The copy as float32, as the kernels make it.
          const xn = Float32Array.from(xb, (v, k) => v + sx * z.data[j * D + k]!);
          const g = reluLogitGradient(weights, xn, 2);
          for (let k = 0; k < D; k++) want[b * D + k]! += g[k]! / (N * M);
        }
      }
    }
    for (let i = 0; i < want.length; i++) expect(fg.data[i]).toBeCloseTo(want[i]!, 4);
  });

  it('is seeded, reports progress and honours the signal', async () => {
    const model = noisyNetwork();
    const opts = { target: 0, models: 2, samples: 3 };
    const a = await fusionGrad.explain(model, x, { ...opts, seed: 1 });
    const b = await fusionGrad.explain(model, x, { ...opts, seed: 1 });
    const c = await fusionGrad.explain(model, x, { ...opts, seed: 2 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    const events: Array<[number, number]> = [];
    await fusionGrad.explain(model, x, {
      ...opts,
      maxBatchSize: 3,
      onProgress: (e) => events.push([e.done, e.total]),
    });
    expect(events.at(-1)).toEqual([12, 12]);
    await expectAbortFromProgress(fusionGrad, model, x, { ...opts, maxBatchSize: 1 });
    await expect(
      fusionGrad.explain(randomReluNetwork(shape, 10, 3, 4), x, { target: 0 }),
    ).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: /withWeightNoise/ });
  });
});
