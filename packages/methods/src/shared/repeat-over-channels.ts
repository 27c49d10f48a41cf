/** A map per pixel made a map shaped like the input, the same over the colour channels. */
import type { Tensor } from '@xai/core';

/** `maps` (`[B, H, W]` values) repeated over the C channels of `shape` (`[B, C, H, W]`). */
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
