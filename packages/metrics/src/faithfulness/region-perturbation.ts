/**
 * Region perturbation (Samek et al. 2017, section III): the image is cut into
 * non-overlapping `patchSize` squares ranked by their summed relevance; step by step the
 * next region is replaced with uniform noise (MoRF: most relevant first; LeRF: least
 * relevant first) and the area over the perturbation curve is reported,
 * `AOPC = 1/(L+1) sum_{k=0..L} (f(x) - f(x_k))`. For MoRF a faithful map gives a high
 * AOPC; for LeRF a low one. Noise is uniform over the image's own value range, drawn from
 * the counter-based generator (stream = sample index).
 */
import {
  type AttributionMetric,
  assertFinite,
  createRng,
  papers,
  resolveOptions,
  rule,
} from '@xai/core';
import { mergeChannels } from '../shared/channel-merge.js';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { scoreRule } from '../shared/option-rules.js';
import { patchGrid } from '../shared/patches.js';
import { valueRange } from '../shared/pixels.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { sampleRows } from '../shared/sample-rows.js';

export interface RegionPerturbationOptions {
  /** 'morf' (most relevant first) or 'lerf' (least relevant first). */
  readonly order: 'morf' | 'lerf';
  /** Side of a region in pixels (the paper: 9). */
  readonly patchSize: number;
  /** Regions perturbed, L (default: all of them). */
  readonly steps?: number;
  /** f: the target's logit (the paper's class score) or its softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const regionPerturbation: AttributionMetric<RegionPerturbationOptions> = {
  name: 'region-perturbation',
  family: 'faithfulness',
  // With the default order 'morf'; 'lerf' turns it (the result says which).
  higherIsBetter: true,
  title: 'Region perturbation (AOPC)',
  summary:
    'Area over the perturbation curve as patches are replaced with noise, most (or least) relevant first.',
  paper: papers.samek2017,
  defaults: { order: 'morf', patchSize: 9, score: 'logit', steps: undefined },
  rules: {
    order: rule.oneOf('morf', 'lerf'),
    patchSize: rule.integer(),
    steps: rule.integer(),
    score: scoreRule,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(regionPerturbation, options);
    const { B, C, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    const p = o.patchSize;
    checkInteger(p, 'patchSize', 1, Math.min(H, W));
    const patches = patchGrid(H, W, p);
    const regions = patches.length;
    const L = o.steps ?? regions;
    checkInteger(L, 'steps', 1, regions);
    const kernels = o.kernels;
    const n = H * W;
    const merged = mergeChannels(attributions, 'sum');
    const curves = sampleRows(B, L + 1);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b, sample } = probe;
      // Summed in float32, pixel by pixel, as the ranking has always been made.
      const relevance = new Float32Array(regions);
      for (const [r, pixels] of patches.entries())
        for (const q of pixels) relevance[r]! += merged.data[b * n + q]!;
      const ranked = o.order === 'morf' ? relevance : relevance.map((v) => -v);
      const order = (await kernels.argsortDescending({ data: ranked, shape: [regions] })).data;
      // x_0 is the original; x_k has one more region replaced by noise than x_(k-1).
      const [lo, hi] = valueRange(sample.data);
      const rng = createRng(o.seed ?? 0, b);
      const state = Float32Array.from(sample.data);
      const make = (k: number, image: Float32Array) => {
        if (k === 0) return;
        const pixels = patches[order[k - 1]!]!;
        for (let c = 0; c < C; c++)
          for (const q of pixels) state[c * n + q] = lo + (hi - lo) * rng.uniform();
        image.set(state);
      };
      const values = await probe.scoreVariants(L + 1, make);
      curves.row(b).set(values);
      let sum = 0;
      for (let k = 0; k <= L; k++) sum += values[0]! - values[k]!;
      return sum / (L + 1);
    });
    return {
      scores,
      higherIsBetter: o.order === 'morf',
      details: { curves: curves.tensor },
    };
  },
};
