/** The sparsity ratio of section 4.1 and the normalised output. */
import type { Tensor } from '@xai/core';

/**
 * The sparsity ratio eta of section 4.1: the share of zero pixels. For samples `[C, H, W]`
 * (rank 3 or more) a pixel is zero when every channel is; otherwise every feature counts.
 */
export function sparsityRatio(delta: ArrayLike<number>, sampleShape: readonly number[]): number {
  if (delta.length === 0) return 1;
  const channels = sampleShape.length >= 3 ? sampleShape[0]! : 1;
  const plane = delta.length / channels;
  let zeros = 0;
  for (let p = 0; p < plane; p++) {
    let zero = true;
    for (let c = 0; c < channels && zero; c++) zero = delta[c * plane + p] === 0;
    if (zero) zeros++;
  }
  return zeros / plane;
}

/**
 * Appendix D (SmoothGrad's `VisualizeImageGrayscale`): |Delta| summed over channels, then
 * (v - min) / (99th percentile - min) clipped to [0, 1], repeated over the channels.
 */
export function normalizeAttribution(delta: Tensor): Tensor {
  const batch = delta.shape[0]!;
  const sampleShape = delta.shape.slice(1);
  const D = delta.data.length / Math.max(1, batch);
  const channels = sampleShape.length >= 3 ? sampleShape[0]! : 1;
  const plane = D / channels;
  const out = new Float32Array(delta.data.length);
  for (let b = 0; b < batch; b++) {
    const map = new Float64Array(plane);
    for (let c = 0; c < channels; c++) {
      for (let p = 0; p < plane; p++) map[p]! += Math.abs(delta.data[b * D + c * plane + p]!);
    }
    const sorted = Float64Array.from(map).sort();
    const vmin = sorted[0] ?? 0;
    const vmax = percentile(sorted, 99);
    const range = vmax - vmin;
    for (let p = 0; p < plane; p++) {
      const v = range > 0 ? Math.min(1, Math.max(0, (map[p]! - vmin) / range)) : 0;
      for (let c = 0; c < channels; c++) out[b * D + c * plane + p] = v;
    }
  }
  return { data: out, shape: [...delta.shape] };
}

/** NumPy's default (linear) percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
