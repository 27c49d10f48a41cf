/**
 * The shared step of the path and smoothing methods (integrated gradients, SmoothGrad,
 * AdaptGrad and their combinations): an inner attribution averaged over noisy copies.
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

/** What a smoothed or path method computes at each (noisy) input. */
export type InnerMethod = 'gradient' | 'gradient-x-input' | 'integrated-gradients';

export const innerMethods: readonly InnerMethod[] = [
  'gradient',
  'gradient-x-input',
  'integrated-gradients',
];

/** Gaussian noise for SmoothGrad-style averaging: `samples` copies `x + sigma z` per sample. */
export interface NoiseSpec {
  readonly samples: number;
  /** Standard deviation for sample `b` of the batch: one value or one per element. */
  readonly sigma: (b: number) => number | Float32Array;
  readonly seed: number;
  /** The normals of copy n of sample b, element j, are element `(b * samples + n) * D + j`. */
  readonly stream: number;
  /**
   * Optional: these are copies `first .. first + samples - 1` of `total` per sample, so
   * the normals of copy n are element `(b * total + first + n) * D + j` (FusionGrad draws
   * every noisy model's copies from one sequence).
   */
  readonly window?: { readonly first: number; readonly total: number };
}

export interface AttributeOptions extends RunOptions {
  readonly kernels: Kernels;
  readonly objective: LossName;
  readonly inner: InnerMethod;
  /** For `integrated-gradients`: the rule and the baseline of each sample. */
  readonly quadrature?: Quadrature;
  readonly baselines?: ReadonlyArray<Tensor | number>;
  /** Average over noisy copies (SmoothGrad, AdaptGrad); none: the input itself, once. */
  readonly noise?: NoiseSpec;
  /** Average the squares of the inner attributions (SmoothGrad-Squared). */
  readonly squared?: boolean;
  readonly phase?: string;
}

/**
 * `(1/N) sum_n M(x + sigma z_n)` (or of `M(.)^2` when `squared`), with M the inner method:
 * the gradient `g`, gradient x input `g(x_n) * x_n`, or integrated gradients
 * `(x_n - b) * sum_k w_k g(b + t_k (x_n - b))`. Without noise, N = 1 and x_n = x. All
 * gradients go through `sumGradients`: `N` (or `N * steps`) points per sample, batched
 * under the memory bound.
 */
export async function attributeAtPoints(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  options: AttributeOptions,
): Promise<Tensor> {
  const { kernels, inner, noise } = options;
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const N = noise?.samples ?? 1;
  const q = inner === 'integrated-gradients' ? options.quadrature : { nodes: [1], weights: [1] };
  if (!q) throw new XaiError('INVALID_ARGUMENT', 'Expected a quadrature for integrated gradients.');
  const S = q.nodes.length;
  const onPath = inner === 'integrated-gradients';
  const alphas = Float64Array.from(q.nodes);
  const baselines = options.baselines;
  if (inner === 'integrated-gradients' && baselines?.length !== B) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${B} baselines (one per sample) but received ${baselines?.length ?? 0}.`,
    );
  }
  const sigmas = new Map<number, number | Float32Array>();
  const sigmaOf = (b: number): number | Float32Array => {
    let s = sigmas.get(b);
    if (s === undefined && noise) sigmas.set(b, (s = noise.sigma(b)));
    return s ?? 0;
  };
  const noiseAt = (b: number, n: number) =>
    noise
      ? {
          sigma: sigmaOf(b),
          seed: noise.seed,
          stream: noise.stream,
          offset: (b * (noise.window?.total ?? N) + (noise.window?.first ?? 0) + n) * D,
        }
      : undefined;
  /** Copies n0 .. n1-1 of sample b. */
  const copies = async (b: number, n0: number, n1: number): Promise<Float32Array> => {
    const xb = sampleOf(x, b);
    if (!noise) return Float32Array.from(xb.data);
    return (await pathPoints(kernels, xb, xb, new Float32Array(n1 - n0).fill(1), noiseAt(b, n0)))
      .data;
  };
  // Integrated gradients: per copy, the partial sum of w_k g_k and the copy itself, kept
  // until the copy's last node (a copy's path may span two model batches).
  const open = new Map<number, { xn: Float32Array; partial: Float64Array }>();
  const copyOf = async (b: number, n: number): Promise<Float32Array> => {
    const key = b * N + n;
    let state = open.get(key);
    if (!state) {
      state = { xn: await copies(b, n, n + 1), partial: new Float64Array(D) };
      open.set(key, state);
    }
    return state.xn;
  };
  const scale = 1 / N;
  const add = (acc: Float64Array, v: number, i: number) => {
    acc[i]! += options.squared ? v * v * scale : v * scale;
  };
  const plan: GradientPlan = {
    pointsPerSample: N * S,
    async points(b, start, end) {
      if (!onPath) return copies(b, start, end);
      const out = new Float32Array((end - start) * D);
      for (let i = start; i < end; ) {
        const n = Math.floor(i / S);
        const stop = Math.min(end, (n + 1) * S);
        const xn = await copyOf(b, n);
        const pts = await pathPoints(
          kernels,
          { data: xn, shape: x.shape.slice(1) },
          baselines![b]!,
          alphas.subarray(i - n * S, stop - n * S),
        );
        out.set(pts.data, (i - start) * D);
        i = stop;
      }
      return out;
    },
    accumulate(b, k, grad, point, acc) {
      if (!onPath) {
        for (let i = 0; i < D; i++)
          add(acc, inner === 'gradient' ? grad[i]! : grad[i]! * point[i]!, i);
        return;
      }
      const n = Math.floor(k / S);
      const j = k - n * S;
      const state = open.get(b * N + n)!;
      const w = q.weights[j]!;
      for (let i = 0; i < D; i++) state.partial[i]! += w * grad[i]!;
      if (j < S - 1) return;
      const base = baselines![b]!;
      for (let i = 0; i < D; i++) {
        const bi = typeof base === 'number' ? base : base.data[i]!;
        add(acc, (state.xn[i]! - bi) * state.partial[i]!, i);
      }
      open.delete(b * N + n);
    },
  };
  return sumGradients(model, x, targets, plan, options);
}
