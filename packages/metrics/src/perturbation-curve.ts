import {
  assertFinite,
  type Classifier,
  jsKernels,
  type Kernels,
  type MetricContext,
  planBatches,
  resolveTargets,
  sliceBatch,
  softmaxRows,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { type BaselineSpec, type Normalization, resolveBaseline } from './baseline.js';
import { type ChannelMerge, mergeChannels } from './channel-merge.js';
import { imageDims } from './image-dims.js';
import { referenceCodeMasks } from './reference-code-masks.js';

export interface PerturbationCurveOptions {
  /** What removed pixels become (default 'zeros'). */
  readonly baseline: BaselineSpec;
  /** The model's normalisation, for the 'black' baseline. */
  readonly normalization?: Normalization;
  /** Pixels moved per step (default: the image width, Petsiuk et al.'s 224 on 224x224). */
  readonly pixelsPerStep?: number;
  /** How channels are merged before ranking (default 'sum'). */
  readonly channelMerge: ChannelMerge;
  /** 'merged' ranks merged scores (default); 'reference-code' reproduces the ISA authors' per-channel union. */
  readonly ranking: 'merged' | 'reference-code';
  /** What is scored: the target's softmax probability (default) or its logit. */
  readonly score: 'probability' | 'logit';
}

export interface PerturbationCurves {
  /** `[B, S + 1]`: the score after 0, k, 2k, ... pixels have moved. */
  readonly curves: Tensor;
  readonly targets: Int32Array;
  readonly auc: Float64Array;
  readonly mean: Float64Array;
}

/**
 * The insertion or deletion curve of each sample (Petsiuk et al. 2018): pixels move in
 * attribution order, most important first, from the image into the baseline (deletion)
 * or from the baseline into the image (insertion), and the model scores every step.
 * Model calls are batched under the memory bound; masks come from the kernels.
 */
export async function perturbationCurves(
  model: Classifier,
  x: Tensor,
  attributions: Tensor,
  mode: 'insertion' | 'deletion',
  options: MetricContext & PerturbationCurveOptions,
): Promise<PerturbationCurves> {
  const { B, C, H, W } = imageDims(x, attributions);
  assertFinite(attributions, 'the attributions');
  const kernels: Kernels = options.kernels ?? jsKernels;
  const n = H * W;
  const k = options.pixelsPerStep ?? W;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected pixelsPerStep to be an integer in [1, ${n}] but received ${k}.`,
    );
  }
  const steps = Math.ceil(n / k);
  const targets =
    options.target === 'predicted'
      ? resolveTargets('predicted', B, model.numClasses, await model.forward(x))
      : resolveTargets(options.target, B, model.numClasses);
  const merged =
    options.ranking === 'merged' ? mergeChannels(attributions, options.channelMerge) : undefined;
  const curves = new Float32Array(B * (steps + 1));
  const sampleBytes = C * n * 4;
  for (let b = 0; b < B; b++) {
    throwIfAborted(options.signal);
    const sample = sliceBatch(x, b, b + 1);
    const sampleChw: Tensor = { data: sample.data, shape: [C, H, W] };
    const baseline = resolveBaseline(sampleChw, options.baseline, options.normalization);
    const masks = merged
      ? await kernels.rankMasks({
          order: await kernels.argsortDescending({
            data: merged.data.subarray(b * n, (b + 1) * n),
            shape: [n],
          }),
          pixelsPerStep: k,
          steps,
          height: H,
          width: W,
          mode,
        })
      : referenceCodeMasks(
          await kernels.argsortDescending(perChannel(attributions, b)),
          steps,
          k,
          H,
          W,
          mode,
        );
    for (const [s, e] of planBatches(steps + 1, sampleBytes, options)) {
      throwIfAborted(options.signal);
      const batch = await kernels.perturb({
        x: sampleChw,
        baseline,
        masks: sliceBatch(masks, s, e),
      });
      const logits = await model.forward(batch);
      const K = model.numClasses;
      const t = targets[b]!;
      const probs =
        options.score === 'probability' ? softmaxRows(logits.data, e - s, K) : undefined;
      for (let i = 0; i < e - s; i++) {
        curves[b * (steps + 1) + s + i] = probs ? probs[i * K + t]! : logits.data[i * K + t]!;
      }
    }
    options.onProgress?.({ phase: 'sample', done: b + 1, total: B });
  }
  const curveTensor: Tensor = { data: curves, shape: [B, steps + 1] };
  const areas = await kernels.curveAreas(curveTensor);
  return {
    curves: curveTensor,
    targets,
    auc: Float64Array.from(areas.auc.data),
    mean: Float64Array.from(areas.mean.data),
  };
}

/** One sample's attributions as `[C, H * W]` rows (a single channel when they have one). */
function perChannel(attributions: Tensor, b: number): Tensor {
  const [, C, H, W] = attributions.shape as [number, number, number, number];
  const n = H * W;
  return { data: attributions.data.subarray(b * C * n, (b + 1) * C * n), shape: [C, n] };
}
