/** What saliency and gradient x input make of the input gradient `g` of `x`. */
import type { Tensor } from '@xai/core';

/** Gradient x input: `g * x`, elementwise. */
export function timesInput(g: Tensor, x: Tensor): Tensor {
  const out = new Float32Array(g.data.length);
  for (let i = 0; i < out.length; i++) out[i] = g.data[i]! * x.data[i]!;
  return { data: out, shape: [...x.shape] };
}

/** Saliency: `max_c |g[b, c, h, w]|`, repeated over c; inputs without a channel axis are just |g|. */
export function channelMaxAbs(g: Tensor): Tensor {
  const out = new Float32Array(g.data.length);
  if (g.shape.length < 4) {
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(g.data[i]!);
    return { data: out, shape: [...g.shape] };
  }
  const [B, C, ...rest] = g.shape as [number, number, ...number[]];
  const plane = rest.reduce((a, b) => a * b, 1);
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < plane; p++) {
      let m = 0;
      for (let c = 0; c < C; c++) m = Math.max(m, Math.abs(g.data[(b * C + c) * plane + p]!));
      for (let c = 0; c < C; c++) out[(b * C + c) * plane + p] = m;
    }
  }
  return { data: out, shape: [...g.shape] };
}
