import { XaiError } from '@xai/core';

/** One result: a metric's score of one method's map of one sample, with its identity. */
export interface ResultRecord {
  /** The result's identity (see `resultIdentity`): the key of the store. */
  readonly id: string;
  /** The identity of the explanation it scores. */
  readonly explanation: string;
  readonly sample: number;
  /** Where the sample came from (a file name, or `#i`). */
  readonly source: string;
  readonly method: string;
  readonly metric: string;
  readonly target: number;
  /** The headline score; NaN when the metric could not score this sample. */
  readonly score: number;
  /** Seconds spent on the explanation (shared by the metrics of one unit) and this metric. */
  readonly seconds: number;
  /** The per-step curve of curve metrics (insertion, deletion, region perturbation). */
  readonly curve?: readonly number[];
}

/** One record as one line of JSON (NaN, which JSON lacks, as null). */
export function encodeRecord(r: ResultRecord): string {
  return JSON.stringify({ ...r, score: Number.isFinite(r.score) ? r.score : null });
}

/**
 * A record from one line of JSON, or an `XaiError('DAMAGED_RESULT')` naming `where` (the
 * file and line) when the line is not one.
 */
export function decodeRecord(line: string, where: string): ResultRecord {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    throw damaged(where, `text that is not JSON (${(e as Error).message})`);
  }
  const missing = ['id', 'explanation', 'method', 'metric', 'source'].find(
    (k) => typeof v?.[k] !== 'string',
  );
  const badNumber = ['sample', 'target', 'seconds'].find((k) => typeof v?.[k] !== 'number');
  if (missing || badNumber || !(typeof v.score === 'number' || v.score === null)) {
    throw damaged(where, `a record without a valid '${missing ?? badNumber ?? 'score'}'`);
  }
  return {
    ...(v as unknown as ResultRecord),
    score: v.score === null ? Number.NaN : (v.score as number),
  };
}

function damaged(where: string, what: string): XaiError {
  return new XaiError(
    'DAMAGED_RESULT',
    `Expected one result record per line in ${where} but received ${what}; delete that line (its result will be computed again) or the whole file.`,
  );
}
