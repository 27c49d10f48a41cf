import {
  type Classifier,
  type MetricContext,
  resolveTargets,
  type ScoreKind,
  type Tensor,
} from '@xai/core';
import { scoreEachSample } from './each-sample.js';
import { sampleOf } from './image-sample.js';
import { scoreVariants } from './model-scores.js';

/** One sample as the metrics that perturb it see it. */
export interface SampleProbe {
  readonly b: number;
  /** The sample `[C, H, W]` (a view into the batch). */
  readonly sample: Tensor;
  /** The target's score on `count` variants of the sample built by `make` (see `scoreVariants`). */
  readonly scoreVariants: (
    count: number,
    make: (i: number, image: Float32Array) => void,
  ) => Promise<Float64Array>;
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
    return score({
      b,
      sample,
      scoreVariants: (count, make) =>
        scoreVariants(model, sample, count, make, targets[b]!, kind, o),
    });
  });
}
