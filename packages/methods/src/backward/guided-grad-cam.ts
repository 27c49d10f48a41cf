/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation
 * (Springenberg et al. 2015) multiplied elementwise by the Grad-CAM map upsampled
 * bilinearly to the input's size, so the map is both fine-grained and class-discriminative.
 * Each colour channel keeps its guided-backprop value, scaled by the pixel's Grad-CAM
 * value. Cost: one guided and one (layer-stopped) gradient pass per sample.
 */
import type { AttributionMethod } from '@xai/core';
import { papers, resolveOptions, rule } from '@xai/core';
import { ruleGradient } from './backward-rules.js';
import { type GradCamOptions, gradCamMaps } from './grad-cam.js';

export type GuidedGradCamOptions = Pick<GradCamOptions, 'layer' | 'relu'>;

export const guidedGradCam: AttributionMethod<GuidedGradCamOptions> = {
  name: 'guided-grad-cam',
  family: 'backward',
  title: 'Guided Grad-CAM',
  summary: 'Guided backpropagation times the upsampled Grad-CAM map.',
  paper: papers.selvaraju2017,
  defaults: {
    /** The layer Grad-CAM explains; default the model's last convolution. */
    layer: undefined,
    /** Grad-CAM's ReLU (eq. 2). */
    relu: true,
  },
  rules: {
    layer: rule.string,
    relu: rule.boolean,
  },
  async explain(model, x, options) {
    const o = resolveOptions(guidedGradCam, options);
    const maps = await gradCamMaps(model, x, { ...o, onProgress: undefined });
    const { grad } = await ruleGradient(
      model,
      { relu: 'guided' },
      'guided-grad-cam',
      x,
      'logit',
      o.target,
      { ...o, onProgress: undefined },
    );
    const [B, C, H, W] = x.shape as [number, number, number, number];
    const plane = H * W;
    const out = new Float32Array(grad.data.length);
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++)
        for (let p = 0; p < plane; p++) {
          const i = (b * C + c) * plane + p;
          out[i] = grad.data[i]! * maps.data[b * plane + p]!;
        }
    o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
    return { data: out, shape: [...x.shape] };
  },
};
