import { type Tensor, XaiError } from '@xai/core';

/**
 * How attributions over channels become one score per pixel before ranking: their sum
 * (signed evidence), the sum of absolute values, or the largest value.
 */
export type ChannelMerge = 'sum' | 'abs-sum' | 'max';

/** Merges `[B, C, H, W]` attributions into per-pixel scores `[B, H * W]`. */
export function mergeChannels(attributions: Tensor, how: ChannelMerge): Tensor {
  const [B, C, H, W] = attributions.shape as [number, number, number, number];
  const n = H * W;
  const out = new Float32Array(B * n);
  const a = attributions.data;
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < n; p++) {
      let acc = how === 'max' ? Number.NEGATIVE_INFINITY : 0;
      for (let c = 0; c < C; c++) {
        const v = a[(b * C + c) * n + p]!;
        if (how === 'sum') acc += v;
        else if (how === 'abs-sum') acc += Math.abs(v);
        else if (how === 'max') acc = Math.max(acc, v);
        else
          throw new XaiError(
            'INVALID_ARGUMENT',
            `Expected channelMerge 'sum', 'abs-sum' or 'max' but received '${String(how)}'.`,
          );
      }
      out[b * n + p] = acc;
    }
  }
  return { data: out, shape: [B, n] };
}
