import { argmaxRows, type Classifier, type MetricContext, type Tensor, XaiError } from '@xai/core';
import { logitsOf } from './model-scores.js';

/**
 * What the batch-level metrics (sufficiency, consistency) compare each sample with: by
 * default the other samples of the batch, with the given maps; with `dataset` in the
 * options (the CLI scores one sample at a time), the dataset's samples, whose maps the
 * method makes (`explain`, N runs per call). Returns the maps and predicted classes of
 * the set and, for each sample of the batch, its row in the set (the batch is
 * appended when it is not part of the dataset).
 */
export async function comparisonSet(
  model: Classifier,
  x: Tensor,
  attributions: Tensor,
  options: MetricContext,
  metric: string,
): Promise<{ maps: Float32Array; predicted: Int32Array; rows: Int32Array; count: number }> {
  const B = x.shape[0]!;
  const D = x.data.length / B;
  const A = attributions.data.length / B;
  const dataset = options.dataset;
  if (!dataset || dataset.x.shape[0]! < 2) {
    const logits = await logitsOf(model, x.data, B, x.shape.slice(1), options);
    return {
      maps: Float32Array.from(attributions.data),
      predicted: argmaxRows(logits, B, model.numClasses),
      rows: Int32Array.from({ length: B }, (_, b) => b),
      count: B,
    };
  }
  if (!options.explain) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an explain function in the options of '${metric}' with a dataset (it explains the dataset's samples) but received none.`,
    );
  }
  const N = dataset.x.shape[0]!;
  const rows = new Int32Array(B).fill(-1);
  for (let b = 0; b < B; b++) {
    const xb = x.data.subarray(b * D, (b + 1) * D);
    for (let j = 0; j < N && rows[b] === -1; j++) {
      const dj = dataset.x.data.subarray(j * D, (j + 1) * D);
      if (dj.every((v, i) => v === xb[i])) rows[b] = j;
    }
  }
  const extra = Array.from(rows.keys()).filter((b) => rows[b] === -1);
  const count = N + extra.length;
  const phi = await options.explain(dataset.x, model, Array.from(dataset.targets));
  const maps = new Float32Array(count * A);
  maps.set(phi.data);
  const inputs = new Float32Array(count * D);
  inputs.set(dataset.x.data);
  extra.forEach((b, k) => {
    rows[b] = N + k;
    inputs.set(x.data.subarray(b * D, (b + 1) * D), (N + k) * D);
  });
  // The sample's own row holds the map under evaluation.
  for (let b = 0; b < B; b++)
    maps.set(attributions.data.subarray(b * A, (b + 1) * A), rows[b]! * A);
  const logits = await logitsOf(model, inputs, count, x.shape.slice(1), options);
  return { maps, predicted: argmaxRows(logits, count, model.numClasses), rows, count };
}

/**
 * For each sample of the batch, the share of the set's other members alike to it (as
 * `alike(i, j)` says, by row in the set) that get its predicted class; 0 where none is
 * alike. Sufficiency's and consistency's score, with their own notion of alike.
 */
export function samePredictionShare(
  set: { readonly predicted: Int32Array; readonly rows: Int32Array; readonly count: number },
  alike: (i: number, j: number) => boolean,
): Float64Array {
  const scores = new Float64Array(set.rows.length);
  for (const [b, i] of set.rows.entries()) {
    let count = 0;
    let same = 0;
    for (let j = 0; j < set.count; j++) {
      if (j === i || !alike(i, j)) continue;
      count++;
      if (set.predicted[j] === set.predicted[i]) same++;
    }
    scores[b] = count === 0 ? 0 : same / count;
  }
  return scores;
}
