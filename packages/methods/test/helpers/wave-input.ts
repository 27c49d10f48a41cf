/** The small, smooth, deterministic inputs the path methods' unit tests explain. */
import { sizeOf, type Tensor } from '@xai/core';

/** sin(0.37 i + 1) at flat index i: values in [-1, 1] that differ from their neighbours. */
export const sineWave = (i: number): number => Math.sin(0.37 * i + 1);

/** The sine wave squeezed into [0.1, 0.9]: pixel-like values for methods that clip to [0, 1]. */
export const pixelWave = (i: number): number => 0.5 + 0.4 * sineWave(i);

/** `batch` samples of `sampleShape` whose flat index i holds `wave(i)` (rounded to float32). */
export function waveBatch(
  batch: number,
  sampleShape: readonly number[],
  wave: (i: number) => number = sineWave,
): Tensor {
  const data = Float32Array.from({ length: batch * sizeOf(sampleShape) }, (_, i) => wave(i));
  return { data, shape: [batch, ...sampleShape] };
}

/** The sum of sample b's values of a [B, ...] tensor, in float64. */
export function sampleSum(t: Tensor, b: number): number {
  const size = t.data.length / t.shape[0]!;
  return t.data.subarray(b * size, (b + 1) * size).reduce((a, v) => a + v, 0);
}
