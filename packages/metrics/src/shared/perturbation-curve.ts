import {
  assertFinite,
  type Baseline,
  type Classifier,
  callerChunkOptions,
  type IndexTensor,
  type InputDomain,
  inputDomainRule,
  type Kernels,
  type MetricContext,
  type OptionRules,
  perturbUnitMasks,
  planBatches,
  resolveBaseline,
  resolveTargets,
  rule,
  type Tensor,
  targetScores,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { type ChannelMerge, mergeChannels } from './channel-merge.js';
import { checkInteger } from './checks.js';
import { imageDims } from './image-dims.js';
import { sampleOf } from './image-sample.js';
import { channelMergeRule, imageBaselineRule, scoreRule } from './option-rules.js';
import { referenceCodeMasks } from './reference-code-masks.js';

export interface PerturbationCurveOptions {
  /** What removed pixels become (default 'zeros'). */
  readonly baseline: Baseline;
  /** The model's normalisation, for the 'black' baseline. */
  readonly normalization?: InputDomain;
  /** Pixels moved per step (default: the image width, Petsiuk et al.'s 224 on 224x224). */
  readonly pixelsPerStep?: number;
  /** How channels are merged before ranking (default 'sum'). */
  readonly channelMerge: ChannelMerge;
  /** 'merged' ranks merged scores (default); 'reference-code' reproduces the ISA authors' per-channel union. */
  readonly ranking: 'merged' | 'reference-code';
  /** What is scored: the target's softmax probability (default) or its logit. */
  readonly score: 'probability' | 'logit';
  /**
   * I-GOS's variant (section 5): rank and move cells of an r x r grid (saliency averaged
   * per cell), the step masks upsampled bilinearly to the image. Default: the image's
   * own resolution, pixel by pixel. `pixelsPerStep` then counts cells.
   */
  readonly maskResolution?: number;
}

/** The rules of the insertion and deletion options (see `resolveOptions`). */
export const perturbationCurveRules: OptionRules<PerturbationCurveOptions> = {
  baseline: imageBaselineRule,
  normalization: inputDomainRule,
  pixelsPerStep: rule.integer(),
  channelMerge: channelMergeRule,
  ranking: rule.oneOf('merged', 'reference-code'),
  score: scoreRule,
  maskResolution: rule.integer(),
};

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
  // Options resolved by core's `resolveOptions` (they carry the kernels).
  options: MetricContext & PerturbationCurveOptions & { readonly kernels: Kernels },
): Promise<PerturbationCurves> {
  const { B, C, H, W } = imageDims(x, attributions);
  assertFinite(attributions, 'the attributions');
  const { kernels } = options;
  const r = options.maskResolution;
  if (r !== undefined && (!Number.isInteger(r) || r < 1 || r > Math.min(H, W))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected maskResolution to be an integer in [1, ${Math.min(H, W)}] but received ${r}.`,
    );
  }
  if (r !== undefined && options.ranking === 'reference-code') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      "Expected ranking 'merged' with maskResolution: the reference-code ranking is per pixel.",
    );
  }
  const [mh, mw] = r === undefined ? [H, W] : [r, r];
  const n = mh * mw;
  const k = options.pixelsPerStep ?? mw;
  checkInteger(k, 'pixelsPerStep', 1, n);
  const steps = Math.ceil(n / k);
  const targets = await resolveTargets(model, x, options.target, options);
  const mergedFull =
    options.ranking === 'merged' ? mergeChannels(attributions, options.channelMerge) : undefined;
  const merged = mergedFull && r !== undefined ? cellMeans(mergedFull, B, H, W, r) : mergedFull;
  const curves = new Float32Array(B * (steps + 1));
  // A step costs its perturbed image and its mask; masks are made a batch at a time, so
  // nothing but the batch in flight grows with the number of steps (half the bound: the
  // model's passes get the rest).
  const stepBytes = C * H * W * 4 + n * 4;
  for (let b = 0; b < B; b++) {
    throwIfAborted(options.signal);
    const sample = sampleOf(x, b);
    const baseline = resolveBaseline(x, b, options.baseline, { domain: options.normalization });
    const stepMasks = merged
      ? mergedRankMasks(
          kernels,
          await kernels.argsortDescending({
            data: merged.data.subarray(b * n, (b + 1) * n),
            shape: [n],
          }),
          { pixelsPerStep: k, steps, height: mh, width: mw, mode },
        )
      : channelUnionMasks(await kernels.argsortDescending(perChannel(attributions, b)), {
          steps,
          pixelsPerStep: k,
          height: H,
          width: W,
          mode,
        });
    for (const [s, e] of planBatches(steps + 1, stepBytes, callerChunkOptions(options))) {
      throwIfAborted(options.signal);
      // Step masks are 0 or 1 (rankMasks, channelUnionMasks).
      const batch = await perturbUnitMasks(kernels, {
        x: sample,
        baseline,
        masks: await stepMasks(s, e),
      });
      const logits = await model.forward(batch);
      curves.set(targetScores(logits, targets[b]!, options.score), b * (steps + 1) + s);
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

/**
 * Per-pixel scores `[B, H * W]` averaged over the cells of an r x r grid (cell of pixel y
 * is floor(y * r / H)), giving `[B, r * r]`.
 */
function cellMeans(scores: Tensor, B: number, H: number, W: number, r: number): Tensor {
  const out = new Float32Array(B * r * r);
  const count = new Float32Array(r * r);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) count[Math.floor((y * r) / H) * r + Math.floor((x * r) / W)]! += 1;
  for (let b = 0; b < B; b++) {
    const sums = new Float64Array(r * r);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++)
        sums[Math.floor((y * r) / H) * r + Math.floor((x * r) / W)]! +=
          scores.data[b * H * W + y * W + x]!;
    }
    for (let c = 0; c < r * r; c++) out[b * r * r + c] = sums[c]! / count[c]!;
  }
  return { data: out, shape: [B, r * r] };
}

interface StepMaskPlan {
  readonly steps: number;
  readonly pixelsPerStep: number;
  readonly height: number;
  readonly width: number;
  readonly mode: 'insertion' | 'deletion';
}

/** Masks first..end − 1 of one merged ranking, from the kernels. */
function mergedRankMasks(kernels: Kernels, order: IndexTensor, plan: StepMaskPlan) {
  return (first: number, end: number): Promise<Tensor> =>
    kernels.rankMasks({ order, ...plan, stepRange: [first, end] });
}

/** Masks first..end − 1 of the reference code's per-channel union. */
function channelUnionMasks(orders: IndexTensor, plan: StepMaskPlan) {
  return async (first: number, end: number): Promise<Tensor> =>
    referenceCodeMasks(orders, plan.steps, plan.pixelsPerStep, plan.height, plan.width, plan.mode, [
      first,
      end,
    ]);
}

/** One sample's attributions as `[C, H * W]` rows (a single channel when they have one). */
function perChannel(attributions: Tensor, b: number): Tensor {
  const [, C, H, W] = attributions.shape as [number, number, number, number];
  const n = H * W;
  return { data: attributions.data.subarray(b * C * n, (b + 1) * C * n), shape: [C, n] };
}
