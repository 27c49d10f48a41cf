/**
 * The step occlusion and RISE repeat for every batch of masks: the target's score on copies
 * of one sample in which each mask keeps its pixels (1) and puts the baseline elsewhere (0).
 */
import type { Classifier, Kernels, ScoreKind, Tensor } from '@xai/core';
import { perturbUnitMasks, targetScores } from '@xai/core';

/** What the two methods' resolved options give the step. */
export interface MaskedScoreOptions {
  readonly kernels: Kernels;
  /** The value a masked pixel takes. */
  readonly baseline: number;
  readonly score: ScoreKind;
}

/**
 * Score `score` of class `target` on `sample` (`[C, H, W]`) under each of `masks` (`[N, H, W]`),
 * whose values the caller built in [0, 1] (`perturbUnitMasks`).
 */
export async function maskedScores(
  model: Classifier,
  o: MaskedScoreOptions,
  sample: Tensor,
  masks: Tensor,
  target: number,
): Promise<Float64Array> {
  const batch = await perturbUnitMasks(o.kernels, { x: sample, baseline: o.baseline, masks });
  return targetScores(await model.forward(batch), target, o.score);
}
