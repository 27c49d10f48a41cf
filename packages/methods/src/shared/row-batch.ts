/**
 * One batch of rows from a run in which each sample of a batch stands for several rows in
 * a row (its integration points, its noisy copies). A batch may start and end inside a
 * sample's rows and span several samples: each sample's share is made in one call.
 */
import { sizeOf, type Tensor } from '@xai/core';

/** Rows `s .. e-1` and their targets (each row its sample's). */
export interface RowBatch {
  readonly batch: Tensor;
  readonly targets: Int32Array;
}

/**
 * Rows `s .. e-1` of the run where sample `b` of `x` owns rows `b * perSample` to
 * `(b + 1) * perSample - 1`; `rowsOf(b, start, end)` makes rows `start .. end-1` of sample
 * `b` (counted within the sample), `(end - start) * D` values.
 */
export async function rowBatch(
  x: Tensor,
  perSample: number,
  targets: Int32Array,
  [s, e]: readonly [number, number],
  rowsOf: (b: number, start: number, end: number) => Promise<Float32Array>,
): Promise<RowBatch> {
  const D = sizeOf(x.shape.slice(1));
  const rows = new Float32Array((e - s) * D);
  const rowTargets = new Int32Array(e - s);
  for (let i = s; i < e; ) {
    const b = Math.floor(i / perSample);
    const end = Math.min(e, (b + 1) * perSample);
    rows.set(await rowsOf(b, i - b * perSample, end - b * perSample), (i - s) * D);
    rowTargets.fill(targets[b]!, i - s, end - s);
    i = end;
  }
  return { batch: { data: rows, shape: [e - s, ...x.shape.slice(1)] }, targets: rowTargets };
}
