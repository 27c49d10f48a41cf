import {
  type Classifier,
  type MetricContext,
  planBatches,
  type ScoreKind,
  type Tensor,
  targetScores,
  throwIfAborted,
} from '@xai/core';

/** The logits `[count, K]` of images stored back to back, in batches under the memory bound. */
export async function logitsOf(
  model: Classifier,
  images: Float32Array,
  count: number,
  sampleShape: readonly number[],
  options: MetricContext,
): Promise<Float32Array> {
  const D = images.length / Math.max(1, count);
  const out = new Float32Array(count * model.numClasses);
  for (const [s, e] of planBatches(count, D * 4, options)) {
    throwIfAborted(options.signal);
    const logits = await model.forward({
      data: images.subarray(s * D, e * D),
      shape: [e - s, ...sampleShape],
    });
    out.set(logits.data, s * model.numClasses);
  }
  return out;
}

/**
 * The logits `[count, K]` of `count` variants of one sample `[C, H, W]`: variant `i`
 * starts as a copy of the sample and `make(i, image)` perturbs it in place. Variants are
 * built a batch at a time under the memory bound, `make` being called once per `i` in
 * increasing order (so cumulative perturbations can keep their own running state).
 */
export async function variantLogits(
  model: Classifier,
  sample: Tensor,
  count: number,
  make: (i: number, image: Float32Array) => void,
  options: MetricContext,
): Promise<Tensor> {
  const D = sample.data.length;
  const K = model.numClasses;
  const out = new Float32Array(count * K);
  for (const [s, e] of planBatches(count, D * 4, options)) {
    throwIfAborted(options.signal);
    const images = new Float32Array((e - s) * D);
    for (let i = s; i < e; i++) {
      const image = images.subarray((i - s) * D, (i - s + 1) * D);
      image.set(sample.data);
      make(i, image);
    }
    const logits = await model.forward({ data: images, shape: [e - s, ...sample.shape] });
    out.set(logits.data, s * K);
  }
  return { data: out, shape: [count, K] };
}

/** The model's score of class `t` (as `kind`) on `count` variants of one sample (see `variantLogits`). */
export async function scoreVariants(
  model: Classifier,
  sample: Tensor,
  count: number,
  make: (i: number, image: Float32Array) => void,
  t: number,
  kind: ScoreKind,
  options: MetricContext,
): Promise<Float64Array> {
  return targetScores(await variantLogits(model, sample, count, make, options), t, kind);
}
