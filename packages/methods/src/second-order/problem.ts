/**
 * The per-sample data of the objective: averaged gradients over the noisy copies and
 * Hessian-vector products on demand.
 */
import {
  finiteDifferenceHvp,
  gaussNewtonHvp,
  lossGradient,
  type Model,
  planBatches,
  resolveTargets,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import {
  type ContextAwareOptions,
  checkCount,
  contextAwareSettings,
  type RunContext,
} from './options.js';
import { NOISE_STREAM } from './streams.js';

/** The order of the objective: 1 for CAFO (eq. 3), 2 for CASO (eq. 5). */
export type ObjectiveOrder = 1 | 2;

/** The per-sample data of the objective: averaged gradients and Hessian products. */
export interface ContextAwareProblem {
  readonly batch: number;
  /** Features per sample. */
  readonly dim: number;
  readonly order: ObjectiveOrder;
  readonly targets: Int32Array;
  /** The gradient of the cross-entropy per sample (averaged over the noisy copies). */
  readonly gradients: readonly Float64Array[];
  /** `H_s v_i` for `s = samples[i]` (averaged over the noisy copies), batched in model calls. */
  hessianProducts(
    samples: readonly number[],
    directions: readonly Float64Array[],
  ): Promise<Float64Array[]>;
}

/**
 * Resolves the targets, draws the noisy copies and computes the averaged gradients; the
 * returned problem computes the averaged Hessian products on demand.
 */
export async function prepareContextAware(
  model: Model,
  x: Tensor,
  order: ObjectiveOrder,
  options: RunContext & Partial<ContextAwareOptions>,
): Promise<ContextAwareProblem> {
  const o = contextAwareSettings(options);
  const { kernels } = options;
  const seed = options.seed ?? 0;
  checkInput(model, x);
  checkCount(o.samples, 'the number of noisy samples');
  if (!(o.sigma >= 0) || !Number.isFinite(o.sigma)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-negative finite sigma but received ${o.sigma}.`,
    );
  }
  const batch = x.shape[0]!;
  const D = x.data.length / Math.max(1, batch);
  const n = o.samples;
  const run = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const targets = await resolveTargets(model, x, options.target, run);

  // The points z_{s,i} = x_s + sigma * noise, n rows per sample; x itself when there is no noise.
  let points = x;
  if (n > 1 || o.sigma > 0) {
    const data = new Float32Array(batch * n * D);
    const noise =
      o.sigma > 0
        ? await kernels.random({
            distribution: 'normal',
            shape: [batch * n, D],
            seed,
            stream: NOISE_STREAM,
          })
        : undefined;
    for (let s = 0; s < batch; s++) {
      const sigma = o.sigma * (o.sigmaScale === 'range' ? valueRange(x.data, s * D, D) : 1);
      for (let i = 0; i < n; i++) {
        const row = (s * n + i) * D;
        for (let j = 0; j < D; j++) {
          data[row + j] = x.data[s * D + j]! + (noise ? sigma * noise.data[row + j]! : 0);
        }
      }
    }
    points = { data, shape: [batch * n, ...x.shape.slice(1)] };
  }
  const rowTargets = new Int32Array(batch * n);
  if (options.target === 'predicted' && o.predictedOn === 'each-copy' && points !== x) {
    // The authors' code takes the argmax of each noisy copy's logits (explainers.py l. 42, 180).
    rowTargets.set(await resolveTargets(model, points, 'predicted', run));
  } else {
    for (let s = 0; s < batch; s++) rowTargets.fill(targets[s]!, s * n, (s + 1) * n);
  }

  throwIfAborted(options.signal);
  const { grad } = await lossGradient(model, points, 'cross-entropy', rowTargets, run);
  const gradients = Array.from({ length: batch }, (_, s) => averageRows(grad.data, s * n, n, D));

  const hessianProducts = async (
    samples: readonly number[],
    directions: readonly Float64Array[],
  ): Promise<Float64Array[]> => {
    const out: Float64Array[] = directions.map((v) => new Float64Array(v.length));
    // H 0 = 0: only nonzero directions reach the model.
    const live = samples.map((_, i) => i).filter((i) => directions[i]!.some((v) => v !== 0));
    for (const [a, b] of planBatches(live.length, n * D * 4 * 3, run)) {
      throwIfAborted(options.signal);
      const chunk = live.slice(a, b);
      const rows = chunk.length * n;
      const xs = new Float32Array(rows * D);
      const vs = new Float32Array(rows * D);
      const ts = new Int32Array(rows);
      chunk.forEach((i, c) => {
        const s = samples[i]!;
        const dir = directions[i]!;
        for (let r = 0; r < n; r++) {
          const row = (c * n + r) * D;
          xs.set(points.data.subarray((s * n + r) * D, (s * n + r + 1) * D), row);
          for (let j = 0; j < D; j++) vs[row + j] = dir[j]!;
          ts[c * n + r] = rowTargets[s * n + r]!;
        }
      });
      const shape = [rows, ...x.shape.slice(1)];
      const X = { data: xs, shape };
      const V = { data: vs, shape };
      const hv =
        o.hvp === 'finite-difference'
          ? (
              await finiteDifferenceHvp(model, X, V, 'cross-entropy', ts, {
                ...run,
                kernels,
                step: o.finiteDifferenceStep,
              })
            ).hv
          : (await gaussNewtonHvp(model, X, V, { ...run, kernels })).hv;
      chunk.forEach((i, c) => {
        out[i] = averageRows(hv.data, c * n, n, D);
      });
    }
    return out;
  };

  return { batch, dim: D, order, targets, gradients, hessianProducts };
}

function averageRows(data: Float32Array, firstRow: number, rows: number, D: number): Float64Array {
  const out = new Float64Array(D);
  for (let r = 0; r < rows; r++) {
    const o = (firstRow + r) * D;
    for (let j = 0; j < D; j++) out[j]! += data[o + j]!;
  }
  if (rows > 1) for (let j = 0; j < D; j++) out[j]! /= rows;
  return out;
}
function checkInput(model: Model, x: Tensor): void {
  const want = model.inputShape;
  const got = x.shape.slice(1);
  if (x.shape.length < 1 || got.length !== want.length || got.some((d, i) => d !== want[i])) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected the input batch of shape [B, ${want.join(', ')}] but received [${x.shape.join(', ')}].`,
    );
  }
}

/** max - min of `length` values from `start` (the authors' smoothing scale, explainers.py l. 232). */
function valueRange(data: Float32Array, start: number, length: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let j = start; j < start + length; j++) {
    lo = Math.min(lo, data[j]!);
    hi = Math.max(hi, data[j]!);
  }
  return hi - lo;
}
