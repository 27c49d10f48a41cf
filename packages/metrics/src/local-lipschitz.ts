/**
 * Local Lipschitz estimate (Alvarez-Melis and Jaakkola 2018, eq. 3; the AdaptGrad paper's
 * "consistency"): `max_j ||phi(x) - phi(x_j)|| / ||x - x_j||` over neighbours
 * x_j = x + N(0, sigma^2) (sampled as Quantus estimates it: sigma 0.1). Lower means a
 * more stable explanation. Needs `explain` in the options; draws from the counter-based
 * generator, stream = sample index.
 */
import { type AttributionMetric, jsKernels, sliceBatch, throwIfAborted, XaiError } from '@xai/core';
import { requireExplainer } from './explainer.js';
import { alvarezMelis2018 } from './papers.js';

export interface LocalLipschitzOptions {
  /** Standard deviation of the Gaussian neighbourhood, in model-input units. */
  readonly sigma: number;
  /** Neighbours sampled per sample. */
  readonly samples: number;
}

export const localLipschitz: AttributionMetric<LocalLipschitzOptions> = {
  name: 'local-lipschitz',
  title: 'Local Lipschitz estimate',
  summary: 'Largest ratio of explanation change to input change over sampled neighbours.',
  paper: alvarezMelis2018,
  defaults: { sigma: 0.1, samples: 20 },
  async evaluate(_model, x, attributions, options) {
    const o = { ...localLipschitz.defaults, ...options };
    const explain = requireExplainer(o, 'local-lipschitz');
    if (!(o.sigma > 0) || !Number.isInteger(o.samples) || o.samples < 1) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a positive sigma and sample count but received ${o.sigma} and ${o.samples}.`,
      );
    }
    const kernels = o.kernels ?? jsKernels;
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      throwIfAborted(o.signal);
      const z = await kernels.random({
        distribution: 'normal',
        shape: [o.samples, D],
        seed: o.seed ?? 0,
        stream: b,
      });
      const xb = sliceBatch(x, b, b + 1).data;
      const neighbours = new Float32Array(o.samples * D);
      for (let j = 0; j < o.samples; j++) {
        for (let i = 0; i < D; i++) neighbours[j * D + i] = xb[i]! + o.sigma * z.data[j * D + i]!;
      }
      const phi = await explain({ data: neighbours, shape: [o.samples, ...x.shape.slice(1)] });
      const a = attributions.data.subarray(b * D, (b + 1) * D);
      let worst = 0;
      for (let j = 0; j < o.samples; j++) {
        let num = 0;
        for (let i = 0; i < D; i++) num += (phi.data[j * D + i]! - a[i]!) ** 2;
        // The realised step, after float32 rounding of the neighbour.
        let den = 0;
        for (let i = 0; i < D; i++) den += (neighbours[j * D + i]! - xb[i]!) ** 2;
        if (den > 0) worst = Math.max(worst, Math.sqrt(num) / Math.sqrt(den));
      }
      scores[b] = worst;
      o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
    }
    return { scores, higherIsBetter: false };
  },
};
