/**
 * Gradients at generated points, batched under the memory bound with progress and
 * cancellation, folded into one map per sample.
 */
import {
  type LossName,
  lossGradient,
  type Model,
  pacedBatches,
  type RunOptions,
  type Tensor,
  throwIfAborted,
} from '@xai/core';
import { rowBatch } from './row-batch.js';

/** What `sumGradients` evaluates: generated points and how each gradient is folded in. */
export interface GradientPlan {
  /** Points per sample (e.g. steps, or samples x steps). */
  readonly pointsPerSample: number;
  /** Points `start .. end-1` of sample `b`, `(end - start) * D` values. */
  points(b: number, start: number, end: number): Promise<Float32Array>;
  /**
   * Adds point `k` of sample `b` to the accumulator `acc` (D values, float64), given its
   * gradient `grad` and the point itself (both D values).
   */
  accumulate(
    b: number,
    k: number,
    grad: Float32Array,
    point: Float32Array,
    acc: Float64Array,
  ): void;
}

export interface SumGradientsOptions extends RunOptions {
  /** The objective differentiated at every point. */
  readonly objective: LossName;
  /** The phase named in progress events. */
  readonly phase?: string;
}

/**
 * Evaluates the gradient of `objective` (for each sample's target) at every point of
 * `plan`, `B * pointsPerSample` points in batches of at most the memory bound, and returns
 * the accumulators as a tensor shaped like `x`. Progress counts points; the signal is
 * checked before each batch.
 */
export async function sumGradients(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  plan: GradientPlan,
  options: SumGradientsOptions,
): Promise<Tensor> {
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const P = plan.pointsPerSample;
  const total = B * P;
  const acc = new Float64Array(B * D);
  const phase = options.phase ?? 'point';
  let done = 0;
  for (const [s, e] of pacedBatches(total, D * 4, options)) {
    throwIfAborted(options.signal);
    const chunk = await rowBatch(x, P, targets, [s, e], (b, k0, k1) => plan.points(b, k0, k1));
    const points = chunk.batch.data;
    const { grad } = await lossGradient(
      model,
      chunk.batch,
      options.objective,
      chunk.targets,
      options,
    );
    for (let i = s; i < e; i++) {
      const b = Math.floor(i / P);
      const o = (i - s) * D;
      plan.accumulate(
        b,
        i - b * P,
        grad.data.subarray(o, o + D),
        points.subarray(o, o + D),
        acc.subarray(b * D, (b + 1) * D),
      );
    }
    done += e - s;
    options.onProgress?.({ phase, done, total });
  }
  return { data: Float32Array.from(acc), shape: [...x.shape] };
}
