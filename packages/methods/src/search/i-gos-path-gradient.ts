/**
 * The integrated-gradient part of I-GOS's descent direction (eq. 4) for every sample at once:
 * the S integration points of all B samples are B·S rows of one run, split into model passes
 * only by the memory bound, so an iteration costs the passes of one sample, not B times them.
 */
import {
  type Kernels,
  type LossName,
  lossGradient,
  type Model,
  planBatches,
  type RunOptions,
  type Tensor,
  throwIfAborted,
} from '@xai/core';
import { rowBatch } from '../shared/row-batch.js';

/** One iteration's integration problem: the masks M_b and what the points are made of. */
export interface MaskPathProblem {
  readonly model: Model;
  readonly kernels: Kernels;
  /** The inputs x, [B, C, H, W]. */
  readonly x: Tensor;
  /** The baselines x̃, shaped like x. */
  readonly baseline: Tensor;
  readonly targets: Int32Array;
  /** M_b, h·w values each. */
  readonly masks: readonly Float32Array[];
  readonly maskShape: readonly [number, number];
  /** S, the integration points per sample. */
  readonly steps: number;
  /** What each point's gradient is divided by (S, or the authors' code's 20). */
  readonly divisor: number;
  readonly alignCorners: boolean;
  readonly objective: LossName;
  /** The noise n_s of this iteration; sample b draws from offset (first + b)·S·C·H·W of the stream. */
  readonly noise?: {
    readonly sigma: number | Float32Array;
    readonly seed: number;
    readonly stream: number;
    /** The stream index of sample 0 (0 unless x is a slice of a larger batch). */
    readonly first: number;
  };
  readonly run: RunOptions;
}

/**
 * For each sample b, Σ_{s=1..S} (s/S)/divisor · Σ_c (x - x̃)_{c,p} ∂f/∂input_{c,p} at
 * Φ(x, (s/S)·up(M_b)) + n_s: the gradient on up(M_b), H·W values in float64, summed point
 * by point in the order s, c, p whatever the batching, so each sample's sum is the one it
 * gets alone.
 */
export async function maskPathGradients(p: MaskPathProblem): Promise<Float64Array[]> {
  const [B, C, H, W] = p.x.shape as [number, number, number, number];
  const [h, w] = p.maskShape;
  const S = p.steps;
  const size = C * H * W;
  const sums = Array.from({ length: B }, () => new Float64Array(H * W));
  /** Points k0 .. k1-1 (counted from 0; point k is s = k + 1) of sample b. */
  const points = async (b: number, k0: number, k1: number): Promise<Float32Array> => {
    const m = p.masks[b]!;
    const path = new Float32Array((k1 - k0) * h * w);
    for (let k = k0; k < k1; k++) {
      const s = k + 1;
      for (let q = 0; q < h * w; q++) path[(k - k0) * h * w + q] = (s / S) * m[q]!;
    }
    const out = await p.kernels.perturb({
      x: sampleOf(p.x, b, size),
      baseline: sampleOf(p.baseline, b, size),
      masks: { data: path, shape: [k1 - k0, h, w] },
      alignCorners: p.alignCorners,
      ...(p.noise ? { noise: noiseAt(p.noise, ((p.noise.first + b) * S + k0) * size) } : {}),
    });
    return out.data;
  };
  for (const [r0, r1] of planBatches(B * S, size * 4, p.run)) {
    throwIfAborted(p.run.signal);
    const chunk = await rowBatch(p.x, S, p.targets, [r0, r1], points);
    const { grad } = await lossGradient(p.model, chunk.batch, p.objective, chunk.targets, p.run);
    for (let r = r0; r < r1; r++) {
      const b = Math.floor(r / S);
      const s = r - b * S + 1;
      const weight = s / S / p.divisor;
      const g = grad.data.subarray((r - r0) * size, (r - r0 + 1) * size);
      const xb = p.x.data.subarray(b * size, (b + 1) * size);
      const bb = p.baseline.data.subarray(b * size, (b + 1) * size);
      const out = sums[b]!;
      for (let c = 0; c < C; c++) {
        for (let q = 0; q < H * W; q++) {
          const j = c * H * W + q;
          out[q]! += weight * (xb[j]! - bb[j]!) * g[j]!;
        }
      }
    }
  }
  return sums;
}

function noiseAt(noise: NonNullable<MaskPathProblem['noise']>, offset: number) {
  return { sigma: noise.sigma, seed: noise.seed, stream: noise.stream, offset };
}

function sampleOf(t: Tensor, b: number, size: number): Tensor {
  return { data: t.data.subarray(b * size, (b + 1) * size), shape: t.shape.slice(1) };
}
