/** The small, smooth, deterministic inputs the path methods' unit tests explain. */
import { sizeOf, type Tensor } from '@xai/core';

/** sin(0.37 i + 1) at flat index i: values in [-1, 1] that differ from their neighbours. */
export const sineWave = (i: number): number => Math.sin(0.37 * i + 1);

/** The sine wave squeezed into [0.1, 0.9]: pixel-like values for methods that clip to [0, 1]. */
export const pixelWave = (i: number): number => 0.5 + 0.4 * sineWave(i);

/** A unit test's input: the sample shape, the values one sample holds (D) and the batch x. */
export interface WaveCase {
  readonly shape: readonly number[];
  readonly D: number;
  readonly x: Tensor;
}

/** `batch` samples of `shape` whose flat index i holds `wave(i)` (rounded to float32). */
export function waveCase(
  batch: number,
  shape: readonly number[],
  wave: (i: number) => number = sineWave,
): WaveCase {
  const D = sizeOf(shape);
  const data = Float32Array.from({ length: batch * D }, (_, i) => wave(i));
  return { shape, D, x: { data, shape: [batch, ...shape] } };
}

/** The sum of sample b's values of a [B, ...] tensor, in float64. */
export function sampleSum(t: Tensor, b: number): number {
  const size = t.data.length / t.shape[0]!;
  return t.data.subarray(b * size, (b + 1) * size).reduce((a, v) => a + v, 0);
}
