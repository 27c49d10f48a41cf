import { type RunOptions, throwIfAborted } from '@xai/core';

/**
 * The per-sample loop the metrics share (Quantus' base class owns the same): `score(b)` for
 * each sample in order, the abort signal checked before each and one progress step after.
 */
export async function scoreEachSample(
  B: number,
  o: Pick<RunOptions, 'signal' | 'onProgress'>,
  score: (b: number) => Promise<number> | number,
): Promise<Float64Array> {
  const scores = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    throwIfAborted(o.signal);
    scores[b] = await score(b);
    o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
  }
  return scores;
}
