/**
 * Model parameter randomisation, cascading (Adebayo et al. 2018, section 3.1): the weight
 * layers are re-drawn at random from the logits down, one more at each step, and the map
 * of each randomised model is compared with the original one. A method that explains the
 * model (not just the image) must change: low similarity is better. Per step and sample,
 * Spearman's rank correlation of the absolute maps and SSIM of the channel-summed
 * absolute maps scaled to [0, 1] (the paper's comparisons); the score is the mean Spearman
 * correlation over the cascade. Needs a model with `weightLayers` and
 * `withRandomizedLayers` (backend-onnx's) and `explain` in the options.
 */
import { type AttributionMetric, papers, resolveOptions, rule } from '@xai/core';
import { cascadeLayers, cascadeSetup, rowMeans } from '../shared/layer-cascade.js';
import { spearman, ssim } from '../shared/similarity.js';
import { unitMap } from '../shared/unit-map.js';

export interface ModelRandomizationOptions {
  /** How many layers to randomise, from the top (default: all of them). */
  readonly layers?: number;
}

export const modelRandomization: AttributionMetric<ModelRandomizationOptions> = {
  name: 'model-randomization',
  family: 'randomisation',
  higherIsBetter: false,
  title: 'Model parameter randomisation (cascading)',
  summary:
    'How similar the map stays as the layers are randomised from the top: lower means it depends on the model.',
  paper: papers.adebayo2018,
  defaults: { layers: undefined },
  rules: {
    layers: rule.integer(),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(modelRandomization, options);
    const { explain, depth } = cascadeSetup(model, 'model-randomization', o);
    const { L } = depth;
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const [C, H, W] =
      x.shape.length === 4 ? (x.shape.slice(1) as [number, number, number]) : [1, 1, D];
    const [rank, structural] = await cascadeLayers(depth, B, o, async (randomized) => {
      const again = await explain(x, randomized);
      const r = new Float64Array(B);
      const s = new Float64Array(B);
      for (let b = 0; b < B; b++) {
        const a0 = attributions.data.subarray(b * D, (b + 1) * D);
        const a1 = again.data.subarray(b * D, (b + 1) * D);
        r[b] = spearman(a0.map(Math.abs), a1.map(Math.abs));
        s[b] = ssim(unitMap(a0, C, H * W), unitMap(a1, C, H * W), H, W, 1);
      }
      return [r, s];
    });
    return {
      scores: rowMeans(rank!, B, L),
      higherIsBetter: false,
      details: {
        layers: depth.model.weightLayers.slice(0, L),
        spearman: { data: Float32Array.from(rank!), shape: [B, L] },
        ssim: { data: Float32Array.from(structural!), shape: [B, L] },
      },
    };
  },
};
