/**
 * `Kernels` backed by the native addon, on CPU threads or on CUDA. Every method first runs
 * the very checks `jsKernels` runs (`check*Args` from @xai/core), so a bad call rejects with
 * the same XaiError code and message on every backend; the addon checks again (lengths,
 * types, finite values) so that nothing that slips past can crash the process. The work runs
 * off the main thread and every output is a new array.
 */
import {
  type CentralDifferenceArgs,
  type CurveAreas,
  checkArgsortArgs,
  checkCentralDifferenceArgs,
  checkCurveAreasArgs,
  checkPerturbArgs,
  checkRandomArgs,
  checkRankMasksArgs,
  checkSoftmaxHvpArgs,
  checkTopKArgs,
  checkUpsampleArgs,
  type IndexTensor,
  type Kernels,
  type PerturbArgs,
  type RandomArgs,
  type RankMasksArgs,
  type SoftmaxHvpArgs,
  sizeOf,
  type Tensor,
  type TopK,
  type UpsampleArgs,
} from '@xai/core';
import type { NativeDevice, NativeKernelFunctions } from './native-addon.js';
import { callNativeAsync } from './native-call.js';

/** Row count and row length of a row-wise kernel's input (the last axis is the row). */
function rowsOf(shape: readonly number[]): { rows: number; n: number } {
  const n = shape[shape.length - 1] ?? 1;
  return { rows: sizeOf(shape) / n, n };
}

/**
 * Starts the native kernel after the reference's checks of types and shapes, leaving the
 * scans of values to the binding (vectorised and across the pool, where in JavaScript they
 * cost as much as the kernel for large batches). Bad arguments still reject with exactly the
 * reference's XaiError: the binding refuses every value the reference would (NaN,
 * infinities, negative sigmas), and whenever it refuses a call, at the start or from its
 * worker, the full reference check runs first, so its error wins. A call the binding starts
 * has only finite values, so there the shape checks are the full check.
 */
async function startThenCheck<T>(
  name: string,
  checkShapes: () => void,
  checkAll: () => void,
  start: () => Promise<T>,
): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = start();
  } catch (e) {
    checkAll();
    return callNativeAsync(name, () => Promise.reject(e));
  }
  try {
    checkShapes();
  } catch (e) {
    pending.catch(() => {});
    throw e;
  }
  return callNativeAsync(name, () =>
    pending.catch((e: unknown) => {
      checkAll();
      throw e;
    }),
  );
}

/** Wraps the addon's kernel functions as `Kernels` that run on `device`. */
export function createNativeKernels(addon: NativeKernelFunctions, device: NativeDevice): Kernels {
  return {
    name: device === 'cpu' ? 'cpu' : 'cuda',

    async random(args: RandomArgs): Promise<Tensor> {
      checkRandomArgs(args);
      const data = await callNativeAsync('random', () =>
        addon.random(
          args.distribution,
          sizeOf(args.shape),
          args.seed,
          args.stream,
          args.offset ?? 0,
          device,
        ),
      );
      return { data, shape: [...args.shape] };
    },

    async upsample(args: UpsampleArgs): Promise<Tensor> {
      const [N, h, w] = (args?.masks?.shape ?? []) as number[];
      const data = await startThenCheck(
        'upsample',
        () => checkUpsampleArgs(args, { values: false }),
        () => checkUpsampleArgs(args),
        () =>
          addon.upsample(
            args.masks.data,
            N!,
            h!,
            w!,
            args.height,
            args.width,
            device,
            args.alignCorners ?? false,
          ),
      );
      return { data, shape: [N!, args.height, args.width] };
    },

    async perturb(args: PerturbArgs): Promise<Tensor> {
      const { x, baseline, masks, noise } = args ?? ({} as PerturbArgs);
      const [C, H, W] = (x?.shape ?? []) as number[];
      const [N, h, w] = (masks?.shape ?? []) as number[];
      const data = await startThenCheck(
        'perturb',
        () => checkPerturbArgs(args, { values: false }),
        () => checkPerturbArgs(args),
        () =>
          addon.perturb(
            x.data,
            C!,
            H!,
            W!,
            typeof baseline === 'number' ? baseline : baseline.data,
            masks.data,
            N!,
            h!,
            w!,
            noise && {
              sigma: noise.sigma,
              seed: noise.seed,
              stream: noise.stream,
              offset: noise.offset ?? 0,
            },
            device,
            args.alignCorners ?? false,
          ),
      );
      return { data, shape: [N!, C!, H!, W!] };
    },

    async softmaxHvp(args: SoftmaxHvpArgs): Promise<Tensor> {
      checkSoftmaxHvpArgs(args);
      const [B, K] = args.probs.shape as [number, number];
      const data = await callNativeAsync('softmaxHvp', () =>
        addon.softmaxHvp(args.probs.data, args.jv.data, B, K, device),
      );
      return { data, shape: [B, K] };
    },

    async centralDifference(args: CentralDifferenceArgs): Promise<Tensor> {
      checkCentralDifferenceArgs(args);
      const data = await callNativeAsync('centralDifference', () =>
        addon.centralDifference(args.gradPlus.data, args.gradMinus.data, args.h, device),
      );
      return { data, shape: [...args.gradPlus.shape] };
    },

    async argsortDescending(values: Tensor): Promise<IndexTensor> {
      checkArgsortArgs(values);
      const { rows, n } = rowsOf(values.shape);
      const data = await callNativeAsync('argsort', () =>
        addon.argsort(values.data, rows, n, n, device),
      );
      return { data, shape: [...values.shape] };
    },

    async topK(values: Tensor, k: number): Promise<TopK> {
      checkTopKArgs(values, k);
      const { rows, n } = rowsOf(values.shape);
      const indices = await callNativeAsync('argsort', () =>
        addon.argsort(values.data, rows, n, k, device),
      );
      const picked = new Float32Array(rows * k);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < k; i++) picked[r * k + i] = values.data[r * n + indices[r * k + i]!]!;
      }
      const shape = [...values.shape.slice(0, -1), k];
      return { values: { data: picked, shape }, indices: { data: indices, shape: [...shape] } };
    },

    async rankMasks(args: RankMasksArgs): Promise<Tensor> {
      const { steps, pixelsPerStep, first, count } = checkRankMasksArgs(args);
      const { order, height, width } = args;
      const { rows, n } = rowsOf(order.shape);
      const data = await callNativeAsync('rankMasks', () =>
        addon.rankMasks(
          order.data,
          rows,
          n,
          steps,
          pixelsPerStep,
          first,
          count,
          args.mode === 'deletion',
          device,
        ),
      );
      const shape = [count, height, width];
      return { data, shape: order.shape.length === 2 ? [rows, ...shape] : shape };
    },

    async curveAreas(scores: Tensor): Promise<CurveAreas> {
      checkCurveAreasArgs(scores);
      const { rows, n } = rowsOf(scores.shape);
      const { auc, mean } = await callNativeAsync('curveAreas', () =>
        addon.curveAreas(scores.data, rows, n, device),
      );
      const shape = scores.shape.slice(0, -1);
      return { auc: { data: auc, shape }, mean: { data: mean, shape: [...shape] } };
    },
  };
}
