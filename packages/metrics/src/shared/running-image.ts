import type { Tensor } from '@xai/core';

/**
 * An image that starts as `from` (a number or a tensor shaped like the sample) and gets
 * pixel groups copied in from `to` one after another: the state of cumulative insertion
 * or removal curves, kept once instead of rebuilt for every step.
 */
export function runningImage(from: Tensor | number, to: Tensor) {
  const [C, H, W] = to.shape as [number, number, number];
  const n = H * W;
  const state =
    typeof from === 'number'
      ? new Float32Array(to.data.length).fill(from)
      : Float32Array.from(from.data);
  return {
    state,
    /** Copies the listed pixels (all channels) of `to` into the state. */
    take(pixels: ArrayLike<number>): void {
      for (let c = 0; c < C; c++)
        for (let i = 0; i < pixels.length; i++)
          state[c * n + pixels[i]!] = to.data[c * n + pixels[i]!]!;
    },
  };
}
