/**
 * Grad-CAM (Selvaraju et al. 2017, section 3, eqs. 1-2): at a convolutional layer with
 * activations `A^k` (`k` channels of `h x w`), the weights are the spatially averaged
 * gradients of the class score, `alpha_k = (1 / hw) sum_ij dy^c / dA^k_ij` (eq. 1), and the
 * map is `ReLU(sum_k alpha_k A^k)` (eq. 2), upsampled bilinearly (half-pixel centres) to the
 * input's size. The layer is the last convolution's output unless named. The map is per
 * pixel and repeated over the colour channels. Cost: one gradient pass per sample,
 * stopped at the layer.
 *
 * Presets (`preset`). `'paper'` is eqs. 1-2 as written: the map in the units of
 * `alpha_k A^k`. `'reference-code'` is the PyTorch code the comparing papers' pipelines run,
 * github jacobgil/pytorch-grad-cam at 084273b (`GradCAM` with one target layer and
 * `ClassifierOutputTarget`, the logit):
 * 1. `normalize` 'none' -> 'min-max': each map is shifted to 0 and divided by
 *    `1e-7 + max` at the layer's resolution, upsampled, then again
 *    (`utils/image.py` `scale_cam_image` l. 164-165, called from `base_cam.py` l. 172 and
 *    again after the upsampling from `aggregate_multi_layers`, l. 181). Bilinear upsampling
 *    does not keep the maximum, so the second pass matters; the maps lie in [0, 1].
 * Unchanged: the weights are the mean of the gradients over the plane (`grad_cam.py` l. 24),
 * the map is their weighted sum of the activations (`base_cam.py` l. 81, 91) with the ReLU
 * `np.maximum(cam, 0)` (l. 171), the score is the target's logit (`utils/model_targets.py`
 * `ClassifierOutputTarget`, l. 10-13), and the upsampling is `cv2.resize`'s default bilinear with
 * half-pixel centres (`image.py` l. 171), as xai's.
 * The authors' own code (github ramprs/grad-cam at ea86dc1, Lua Torch 7, not run here)
 * differs from both: its weights are the sum of the gradients, not their mean
 * (`misc/utils.lua` l. 121: the map `h·w` times larger, the same after min-max); it
 * rectifies the map (l. 125), leaves it unnormalised and upsamples it with `image.scale`
 * (`classification.lua` l. 84); its default layer is the ReLU after the last convolution
 * (`relu5_3`, l. 18), as xai's, and its score the logit (the softmax removed, l. 49).
 * No bugs. The default preset is `'paper'`: its maps keep the score's units, which the
 * previous releases returned and which make maps comparable across images; choose
 * `'reference-code'` to compare with tables made with pytorch-grad-cam (the ranking metrics,
 * deletion and insertion, are the same for both: min-max is increasing per image).
 */
import {
  type AttributionMethod,
  batchRows,
  type ExplainContext,
  formatShape,
  type Kernels,
  type Model,
  oneHotRows,
  papers,
  planBatches,
  resolveOptions,
  resolveTargets,
  rule,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { repeatOverChannels } from '../shared/repeat-over-channels.js';

export interface GradCamOptions {
  /** The paper's unnormalised map or pytorch-grad-cam's min-max scaled one (see the doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** The layer explained (a tensor name for ONNX models); default the model's last convolution. */
  readonly layer: string | undefined;
  /** Eq. 2's ReLU, keeping only the features with a positive influence on the class. */
  readonly relu: boolean;
  /**
   * 'min-max': each map shifted to 0 and divided by `1e-7 + max`, before and after the
   * upsampling (pytorch-grad-cam's `scale_cam_image`); 'none': the units of `alpha_k A^k`.
   */
  readonly normalize: 'none' | 'min-max';
}

type GradCamPresetSettings = Pick<GradCamOptions, 'relu' | 'normalize'>;

const gradCamPresets: Record<GradCamOptions['preset'], GradCamPresetSettings> = {
  paper: { relu: true, normalize: 'none' },
  'reference-code': { relu: true, normalize: 'min-max' },
};

export const gradCam: AttributionMethod<GradCamOptions> = {
  name: 'grad-cam',
  family: 'backward',
  title: 'Grad-CAM',
  summary: "A layer's activations weighted by their spatially averaged gradients, ReLU, upsampled.",
  paper: papers.selvaraju2017,
  defaults: { preset: 'paper', layer: undefined, ...gradCamPresets.paper },
  presets: gradCamPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    layer: rule.string,
    relu: rule.boolean,
    normalize: rule.oneOf('none', 'min-max'),
  },
  async explain(model, x, options) {
    const o = resolveOptions(gradCam, options);
    const maps = await gradCamMaps(model, x, o);
    return repeatOverChannels(maps, x.shape);
  },
};

/**
 * Grad-CAM maps at the input resolution, `[B, H, W]` for an input `[B, C, H, W]`, for
 * Grad-CAM and Guided Grad-CAM.
 */
export async function gradCamMaps(
  model: Model,
  x: Tensor,
  options: ExplainContext & Partial<GradCamOptions> & { readonly kernels: Kernels },
): Promise<Tensor> {
  const layer = options.layer ?? model.lastConvLayer;
  const relu = options.relu ?? gradCam.defaults.relu;
  const minMax = (options.normalize ?? gradCam.defaults.normalize) === 'min-max';
  if (!model.layerVjp) {
    throw new XaiError(
      'NOT_SUPPORTED',
      'Expected a model with layerVjp (gradients at an inner layer) for Grad-CAM but this model has none; load it with @xai/backend-onnx.',
    );
  }
  if (layer === undefined) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      'Expected a layer for Grad-CAM but none was given and the model has no convolution to default to; pass the layer option (a tensor name).',
    );
  }
  if (x.shape.length !== 4) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected images [batch, channels, height, width] for Grad-CAM but received ${formatShape(x.shape)}.`,
    );
  }
  const [B, , H, W] = x.shape as [number, number, number, number];
  const { kernels } = options;
  const targets = await resolveTargets(model, x, options.target, options);
  const out = new Float32Array(B * H * W);
  const ranges = planBatches(B, (x.data.length / B) * 4, options);
  for (const [done, [s, e]] of ranges.entries()) {
    throwIfAborted(options.signal);
    const chunk = batchRows(x, s, e);
    const chunkTargets = targets.subarray(s, e);
    const { activation, grad } = await model.layerVjp(
      chunk,
      oneHotRows(chunkTargets, model.numClasses),
      layer,
    );
    if (activation.shape.length !== 4) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected a convolutional layer [batch, channels, height, width] for Grad-CAM but '${layer}' is ${formatShape(activation.shape)}; name another layer.`,
      );
    }
    const cam = channelWeightedSum(activation, grad, relu);
    if (minMax) minMaxPerMap(cam);
    const up = await kernels.upsample({ masks: cam, height: H, width: W });
    if (minMax) minMaxPerMap(up);
    out.set(up.data, s * H * W);
    options.onProgress?.({ phase: 'batch', done: done + 1, total: ranges.length });
  }
  return { data: out, shape: [B, H, W] };
}

/** `[ReLU](sum_k mean_ij(G^k) A^k)` per sample: `[B, h, w]` from activations and gradients `[B, K, h, w]`. */
export function channelWeightedSum(activation: Tensor, grad: Tensor, relu: boolean): Tensor {
  const [B, K, h, w] = activation.shape as [number, number, number, number];
  const plane = h * w;
  const cam = new Float32Array(B * plane);
  for (let b = 0; b < B; b++) {
    const acc = new Float64Array(plane);
    for (let k = 0; k < K; k++) {
      const base = (b * K + k) * plane;
      let alpha = 0;
      for (let p = 0; p < plane; p++) alpha += grad.data[base + p]!;
      alpha /= plane;
      if (alpha === 0) continue;
      for (let p = 0; p < plane; p++) acc[p]! += alpha * activation.data[base + p]!;
    }
    for (let p = 0; p < plane; p++) cam[b * plane + p] = relu ? Math.max(0, acc[p]!) : acc[p]!;
  }
  return { data: cam, shape: [B, h, w] };
}

/**
 * pytorch-grad-cam's `scale_cam_image` in place, per map of `[B, h, w]`:
 * `(v - min) / (1e-7 + max(v - min))`; the 1e-7 keeps an all-zero map at 0.
 */
export function minMaxPerMap(maps: Tensor): void {
  const [B] = maps.shape as [number];
  const plane = maps.data.length / B;
  for (let b = 0; b < B; b++) {
    const m = maps.data.subarray(b * plane, (b + 1) * plane);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of m) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // float32 as NumPy computes it: the shifted map's max, then 1e-7 added in float32.
    const scale = Math.fround(1e-7 + Math.fround(hi - lo));
    for (let p = 0; p < plane; p++) m[p] = Math.fround(m[p]! - lo) / scale;
  }
}
