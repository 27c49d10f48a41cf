// Scoring gradient × input maps with one metric, as every metric page shows it; run by the
// docs tests on fixture images for every registered metric. `images` is [B, ...inputShape].
import { loadOnnxModel } from '@xai/backend-onnx';
import type { MetricResult, Model, Tensor } from '@xai/core';
import { gradientXInput } from '@xai/methods';
import { getMetric } from '@xai/metrics';

export async function score(
  modelPath: string,
  metricName: string,
  images: Tensor,
  labels: number[],
  options: Record<string, unknown> = {},
): Promise<MetricResult> {
  const model = await loadOnnxModel(modelPath);
  try {
    const maps = await gradientXInput.explain(model, images, { target: labels });
    return await getMetric(metricName).evaluate(model, images, maps, {
      target: labels, // the class scored for each sample
      seed: 1, // same seed, same score
      // Robustness and randomisation metrics re-run the method on other inputs or models.
      // (variant: a randomised copy of the model; target: the classes of the perturbed sample).
      explain: (x, variant = model, target = new Array(x.shape[0]).fill(labels[0])) =>
        gradientXInput.explain(variant as Model, x, { target }),
      ...options, // the metric's own options, e.g. { masks } for localisation metrics
    }); // one score per sample; higherIsBetter says which way is good
  } finally {
    await model.dispose();
  }
}
