import {
  type Classifier,
  type MetricContext,
  resolveTargets,
  type ScoreKind,
  type Tensor,
} from '@xai/core';
import { scoreEachSample } from './each-sample.js';
import { sampleOf } from './image-sample.js';
import { scoreVariants, variantLogits } from './model-scores.js';

/** Builds variant `i` of a sample in place (see `variantLogits`). */
export type MakeVariant = (i: number, image: Float32Array) => void;

/** One sample as the metrics that perturb it see it. */
export interface SampleProbe {
  readonly b: number;
  /** The sample `[C, H, W]` (a view into the batch). */
  readonly sample: Tensor;
  /** The class scored for this sample. */
  readonly target: number;
  /** The target's score on `count` variants of the sample built by `make` (see `scoreVariants`). */
  readonly scoreVariants: (count: number, make: MakeVariant) => Promise<Float64Array>;
  /** The logits `[count, K]` of `count` variants of the sample built by `make`. */
  readonly variantLogits: (count: number, make: MakeVariant) => Promise<Tensor>;
}

/**
 * The per-sample loop of the metrics that score perturbed copies of each sample: the
 * targets are resolved once for the batch (call it after the option checks: 'predicted'
 * costs a forward pass), then `score` runs for each sample in order with its probe, which
 * scores the sample's target as `kind`.
 */
export async function probeEachSample(
  model: Classifier,
  x: Tensor,
  kind: ScoreKind,
  o: MetricContext,
  score: (probe: SampleProbe) => Promise<number>,
): Promise<Float64Array> {
  const targets = await resolveTargets(model, x, o.target, o);
  return scoreEachSample(x.shape[0] ?? 0, o, (b) => {
    const sample = sampleOf(x, b);
    const target = targets[b]!;
    return score({
      b,
      sample,
      target,
      scoreVariants: (count, make) => scoreVariants(model, sample, count, make, target, kind, o),
      variantLogits: (count, make) => variantLogits(model, sample, count, make, o),
    });
  });
}
