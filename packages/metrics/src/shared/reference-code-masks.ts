import type { IndexTensor, Tensor } from '@xai/core';

/**
 * Step masks as the ISA authors' evaluation code builds them: each channel is ranked on
 * its own, and at step s every channel is overwritten at the union over channels of
 * their top s·k pixels, so a step can move up to C·k pixels. Returns `[S + 1, H, W]`
 * with 1 where the image is kept (insertion) or 0 where it is removed (deletion).
 *
 * `orders` is `[C, n]`, one descending ranking per channel. `range` [first, end) returns
 * only those masks, `[end − first, H, W]`, so curves can be built a batch at a time.
 */
export function referenceCodeMasks(
  orders: IndexTensor,
  steps: number,
  pixelsPerStep: number,
  height: number,
  width: number,
  mode: 'insertion' | 'deletion',
  range: readonly [first: number, end: number] = [0, steps + 1],
): Tensor {
  const [C, n] = orders.shape as [number, number];
  const [first, end] = range;
  const masks = new Float32Array((end - first) * n);
  const on = mode === 'insertion' ? 1 : 0;
  const chosen = new Uint8Array(n);
  for (let s = 0; s < end; s++) {
    const from = Math.max(0, (s - 1) * pixelsPerStep);
    const to = Math.min(n, s * pixelsPerStep);
    for (let c = 0; c < C; c++) {
      for (let i = from; i < to; i++) chosen[orders.data[c * n + i]!] = 1;
    }
    if (s < first) continue;
    const row = masks.subarray((s - first) * n, (s - first + 1) * n);
    for (let p = 0; p < n; p++) row[p] = chosen[p] ? on : 1 - on;
  }
  return { data: masks, shape: [end - first, height, width] };
}
