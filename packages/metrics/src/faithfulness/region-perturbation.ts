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
  forwardBatched,
  papers,
  planBatches,
  resolveOptions,
  resolveTargets,
  rule,
  type Tensor,
  targetScores,
} from '@xai/core';
import { mergeChannels } from '../shared/channel-merge.js';
import { checkInteger } from '../shared/checks.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { imageDims } from '../shared/image-dims.js';
import { scoreRule } from '../shared/option-rules.js';
import { valueRange } from '../shared/pixels.js';

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
    const rows = Math.ceil(H / p);
    const cols = Math.ceil(W / p);
    const regions = rows * cols;
    const L = o.steps ?? regions;
    checkInteger(L, 'steps', 1, regions);
    const kernels = o.kernels;
    const D = C * H * W;
    const base = await forwardBatched(model, x, o);
    const targets = await resolveTargets(model, x, o.target, { logits: base });
    const merged = mergeChannels(attributions, 'sum');
    const curves = new Float32Array(B * (L + 1));
    const scores = await scoreEachSample(B, o, async (b) => {
      const t = targets[b]!;
      const relevance = new Float32Array(regions);
      for (let y = 0; y < H; y++) {
        for (let xx = 0; xx < W; xx++) {
          const r = Math.floor(y / p) * cols + Math.floor(xx / p);
          relevance[r]! += merged.data[b * H * W + y * W + xx]!;
        }
      }
      const ranked = o.order === 'morf' ? relevance : relevance.map((v) => -v);
      const order = (await kernels.argsortDescending({ data: ranked, shape: [regions] })).data;
      // Perturbed images x_0 (the original), x_1, ..., x_L, each one more region replaced.
      const xb = x.data.subarray(b * D, (b + 1) * D);
      const [lo, hi] = valueRange(xb);
      const rng = createRng(o.seed ?? 0, b);
      const images = new Float32Array((L + 1) * D);
      images.set(xb, 0);
      for (let k = 1; k <= L; k++) {
        const prev = images.subarray((k - 1) * D, k * D);
        const cur = images.subarray(k * D, (k + 1) * D);
        cur.set(prev);
        const r = order[k - 1]!;
        const y0 = Math.floor(r / cols) * p;
        const x0 = (r % cols) * p;
        for (let c = 0; c < C; c++) {
          for (let y = y0; y < Math.min(H, y0 + p); y++) {
            for (let xx = x0; xx < Math.min(W, x0 + p); xx++)
              cur[(c * H + y) * W + xx] = lo + (hi - lo) * rng.uniform();
          }
        }
      }
      const values: number[] = [];
      for (const [s, e] of planBatches(L + 1, D * 4, o)) {
        const logits = await model.forward({
          data: images.slice(s * D, e * D),
          shape: [e - s, C, H, W],
        });
        values.push(...targetScores(logits, t, o.score));
      }
      let sum = 0;
      for (let k = 0; k <= L; k++) {
        curves[b * (L + 1) + k] = values[k]!;
        sum += values[0]! - values[k]!;
      }
      return sum / (L + 1);
    });
    return {
      scores,
      higherIsBetter: o.order === 'morf',
      details: { curves: { data: curves, shape: [B, L + 1] } satisfies Tensor },
    };
  },
};
