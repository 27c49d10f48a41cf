/**
 * The shared step of the path methods (integrated gradients, BIG, Fast-IG): gradient,
 * gradient x input or integrated gradients at the input, through `sumGradients`. Noise
 * averaging is the smoothing family's noise tunnel (`smoothing/noise-tunnel.ts`), which
 * wraps these methods like any other.
 */
import {
  type Kernels,
  type LossName,
  type Model,
  type RunOptions,
  type Tensor,
  XaiError,
} from '@xai/core';
import { pathPoints, sampleOf } from './path-points.js';
import type { Quadrature } from './quadrature.js';
import { type GradientPlan, sumGradients } from './sum-gradients.js';

/** What a path method computes at each input. */
export type InnerMethod = 'gradient' | 'gradient-x-input' | 'integrated-gradients';

export interface AttributeOptions extends RunOptions {
  readonly kernels: Kernels;
  readonly objective: LossName;
  readonly inner: InnerMethod;
  /** For `integrated-gradients`: the rule and the baseline of each sample. */
  readonly quadrature?: Quadrature;
  readonly baselines?: ReadonlyArray<Tensor | number>;
  readonly phase?: string;
}

/**
 * The inner attribution M at each sample: the gradient `g`, gradient x input `g(x) * x`, or
 * integrated gradients `(x - b) * sum_k w_k g(b + t_k (x - b))`. All gradients go through
 * `sumGradients`: one (or `steps`) points per sample, batched under the memory bound.
 */
export async function attributeAtPoints(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  options: AttributeOptions,
): Promise<Tensor> {
  const { kernels, inner } = options;
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const onPath = inner === 'integrated-gradients';
  const q = onPath ? options.quadrature : { nodes: [1], weights: [1] };
  if (!q) throw new XaiError('INVALID_ARGUMENT', 'Expected a quadrature for integrated gradients.');
  const S = q.nodes.length;
  const alphas = Float64Array.from(q.nodes);
  const baselines = options.baselines;
  if (onPath && baselines?.length !== B) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${B} baselines (one per sample) but received ${baselines?.length ?? 0}.`,
    );
  }
  // Integrated gradients: per sample, the partial sum of w_k g_k, kept until its last node
  // (a path may span two model batches).
  const partials = new Map<number, Float64Array>();
  const plan: GradientPlan = {
    pointsPerSample: S,
    async points(b, start, end) {
      const xb = sampleOf(x, b);
      if (!onPath) return Float32Array.from(xb.data);
      return (await pathPoints(kernels, xb, baselines![b]!, alphas.subarray(start, end))).data;
    },
    accumulate(b, k, grad, point, acc) {
      if (!onPath) {
        for (let i = 0; i < D; i++)
          acc[i]! += inner === 'gradient' ? grad[i]! : grad[i]! * point[i]!;
        return;
      }
      let partial = partials.get(b);
      if (!partial) partials.set(b, (partial = new Float64Array(D)));
      const w = q.weights[k]!;
      for (let i = 0; i < D; i++) partial[i]! += w * grad[i]!;
      if (k < S - 1) return;
      const base = baselines![b]!;
      const xb = sampleOf(x, b).data;
      for (let i = 0; i < D; i++) {
        const bi = typeof base === 'number' ? base : base.data[i]!;
        acc[i]! += (xb[i]! - bi) * partial[i]!;
      }
      partials.delete(b);
    },
  };
  return sumGradients(model, x, targets, plan, options);
}
