import { formatShape, gaussianBlur, type InputDomain, type Tensor, XaiError } from '@xai/core';

/**
 * What removed pixels become. 'zeros' is zero in the model's input space; 'black' is a
 * black image passed through the model's normalisation (`-mean/std` per channel, zero
 * without one); 'mean' is each channel's mean over the image; 'min' is the image's minimum
 * over all channels (Quantus' 'black' baseline); 'blur' is the image blurred
 * like I-GOS's baseline (11 taps, sigma 5); or one number; or a tensor `[C, H, W]`.
 */
export type BaselineSpec = 'zeros' | 'black' | 'mean' | 'min' | 'blur' | number | Tensor;

/** The model's preprocessing: the input domain under its former name (deprecated). */
export type Normalization = InputDomain;

/** The baseline for one sample `[C, H, W]`. */
export function resolveBaseline(
  sample: Tensor,
  spec: BaselineSpec,
  normalization?: Normalization,
): Tensor | number {
  const [C, H, W] = sample.shape as [number, number, number];
  const plane = H * W;
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec))
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected a finite baseline value but received ${spec}.`,
      );
    return spec;
  }
  if (typeof spec === 'object') {
    if (spec.data.length !== sample.data.length) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected a baseline tensor of shape ${formatShape(sample.shape)} but received ${formatShape(spec.shape)}.`,
      );
    }
    return { data: spec.data, shape: sample.shape };
  }
  switch (spec) {
    case 'zeros':
      return 0;
    case 'black': {
      if (!normalization) return 0;
      const data = new Float32Array(sample.data.length);
      for (let c = 0; c < C; c++) {
        const m = normalization.mean[c % normalization.mean.length]!;
        const s = normalization.std[c % normalization.std.length]!;
        data.fill(-m / s, c * plane, (c + 1) * plane);
      }
      return { data, shape: sample.shape };
    }
    case 'mean': {
      const data = new Float32Array(sample.data.length);
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let i = 0; i < plane; i++) s += sample.data[c * plane + i]!;
        data.fill(s / plane, c * plane, (c + 1) * plane);
      }
      return { data, shape: sample.shape };
    }
    case 'min': {
      let m = Number.POSITIVE_INFINITY;
      for (const v of sample.data) m = Math.min(m, v);
      return m;
    }
    case 'blur':
      return gaussianBlur(sample, 11, 5);
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a baseline among 'zeros', 'black', 'mean', 'min', 'blur', a number or a tensor but received '${String(spec)}'.`,
      );
  }
}
