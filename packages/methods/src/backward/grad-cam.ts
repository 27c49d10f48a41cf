/**
 * Grad-CAM (Selvaraju et al. 2017, section 3, eqs. 1-2): at a convolutional layer with
 * activations `A^k` (`k` channels of `h x w`), the weights are the spatially averaged
 * gradients of the class score, `alpha_k = (1 / hw) sum_ij dy^c / dA^k_ij` (eq. 1), and the
 * map is `ReLU(sum_k alpha_k A^k)` (eq. 2), upsampled bilinearly (half-pixel centres) to the
 * input's size. The layer is the last convolution's output unless named. The map is per
 * pixel and repeated over the colour channels. Cost: one gradient pass per sample,
 * stopped at the layer.
 */
import {
  type AttributionMethod,
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
  sliceBatch,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';

export interface GradCamOptions {
  /** The layer explained (a tensor name for ONNX models); default the model's last convolution. */
  readonly layer: string | undefined;
  /** Eq. 2's ReLU, keeping only the features with a positive influence on the class. */
  readonly relu: boolean;
}

export const gradCam: AttributionMethod<GradCamOptions> = {
  name: 'grad-cam',
  family: 'backward',
  title: 'Grad-CAM',
  summary: "A layer's activations weighted by their spatially averaged gradients, ReLU, upsampled.",
  paper: papers.selvaraju2017,
  defaults: { layer: undefined, relu: true },
  rules: {
    layer: rule.string,
    relu: rule.boolean,
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
    const chunk = sliceBatch(x, s, e);
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
    const up = await kernels.upsample({ masks: cam, height: H, width: W });
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

/** A per-pixel map `[B, H, W]` repeated over the channels of `shape` `[B, C, H, W]`. */
export function repeatOverChannels(maps: Tensor, shape: readonly number[]): Tensor {
  const [B, C, H, W] = shape as [number, number, number, number];
  const plane = H * W;
  const out = new Float32Array(B * C * plane);
  for (let b = 0; b < B; b++) {
    const m = maps.data.subarray(b * plane, (b + 1) * plane);
    for (let c = 0; c < C; c++) out.set(m, (b * C + c) * plane);
  }
  return { data: out, shape: [...shape] };
}
