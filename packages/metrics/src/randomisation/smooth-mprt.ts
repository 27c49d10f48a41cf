/**
 * Smooth MPRT (Hedström et al. 2023, section 4.1): the cascading model parameter
 * randomisation test on denoised explanations, each map being the mean of the method's
 * maps on `samples` noisy copies of the input (Gaussian, standard deviation
 * `noise * (max - min)` of the input; the paper's N = 50 and 0.1). Per randomised layer
 * (from the logits down) Spearman's correlation of the absolute denoised maps; the score
 * is their mean over the cascade (the original model's self-correlation is not averaged
 * in). Lower is better. Needs `withRandomizedLayers` and `explain`; costs
 * `samples * (layers + 1)` runs of the method.
 */
import {
  type AttributionMetric,
  type Classifier,
  createRng,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  type Tensor,
  throwIfAborted,
} from '@xai/core';
import { cascadeLayers, cascadeSetup, rowMeans } from '../shared/layer-cascade.js';
import { mapSize } from '../shared/per-sample.js';
import { valueRange } from '../shared/pixels.js';
import { spearman } from '../shared/similarity.js';

export interface SmoothMprtOptions {
  /** Noisy copies averaged per map (the paper: 50). */
  readonly samples: number;
  /** Noise standard deviation as a share of the input's value range (the paper: 0.1). */
  readonly noise: number;
  /** How many layers to randomise, from the top (default: all of them). */
  readonly layers: number | undefined;
}

export const smoothMprt: AttributionMetric<SmoothMprtOptions> = {
  name: 'smooth-mprt',
  title: 'Smooth MPRT',
  summary:
    'Cascading randomisation test on maps averaged over noisy inputs: lower similarity is better.',
  paper: papers.hedstrom2023,
  family: 'randomisation',
  higherIsBetter: false,
  defaults: { samples: 50, noise: 0.1, layers: undefined },
  rules: {
    samples: rule.integer(1, 100_000),
    noise: rule.between(0, 10),
    layers: rule.integer(),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(smoothMprt, options);
    const { explain, depth } = cascadeSetup(model, 'smooth-mprt', o);
    const { L } = depth;
    const A = mapSize(x, attributions);
    const B = x.shape[0]!;
    const D = x.data.length / B;
    // The same noisy copies for every model, so only the weights differ between maps.
    const noisy = new Float32Array(B * o.samples * D);
    for (let b = 0; b < B; b++) {
      const xb = x.data.subarray(b * D, (b + 1) * D);
      const [lo, hi] = valueRange(xb);
      const sigma = o.noise * (hi - lo);
      const rng = createRng(o.seed ?? 0, b);
      for (let s = 0; s < o.samples; s++)
        for (let i = 0; i < D; i++)
          noisy[(b * o.samples + s) * D + i] = xb[i]! + sigma * rng.normal();
    }
    const denoised = async (variant: Classifier): Promise<Float64Array> => {
      const out = new Float64Array(B * A);
      for (let b = 0; b < B; b++) {
        throwIfAborted(o.signal);
        const batch: Tensor = {
          data: noisy.subarray(b * o.samples * D, (b + 1) * o.samples * D),
          shape: [o.samples, ...x.shape.slice(1)],
        };
        const phi = await explain(batch, variant, new Array<number>(o.samples).fill(targets[b]!));
        for (let s = 0; s < o.samples; s++)
          for (let i = 0; i < A; i++) out[b * A + i]! += phi.data[s * A + i]! / o.samples;
      }
      return out;
    };
    const targets = await resolveTargets(model, x, o.target, o);
    const reference = await denoised(model);
    const [rank] = await cascadeLayers(depth, B, o, async (randomized) => {
      const maps = await denoised(randomized);
      return [
        Float64Array.from({ length: B }, (_, b) =>
          spearman(
            reference.subarray(b * A, (b + 1) * A).map(Math.abs),
            maps.subarray(b * A, (b + 1) * A).map(Math.abs),
          ),
        ),
      ];
    });
    return {
      scores: rowMeans(rank!, B, L),
      higherIsBetter: false,
      details: { spearman: { data: Float32Array.from(rank!), shape: [B, L] } },
    };
  },
};
