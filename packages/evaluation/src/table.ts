import type { ResultRecord } from './record.js';

export interface SummaryCell {
  readonly mean: number;
  /** Sample standard deviation (0 for one value). */
  readonly std: number;
  /** How many samples had a finite score. */
  readonly n: number;
}

/** Cells by method, then by metric. */
export type ResultTable = Record<string, Record<string, SummaryCell>>;

/**
 * Mean and standard deviation of each metric for each method, over the records given
 * (those of one plan: a store may hold other runs' results too). NaN scores (a sample the
 * metric could not score) are left out and lower `n`.
 */
export function summarizeResults(
  records: readonly ResultRecord[],
  methods: readonly string[],
  metrics: ReadonlyArray<{ readonly name: string }>,
): ResultTable {
  const table: ResultTable = {};
  for (const m of methods) {
    table[m] = {};
    for (const { name } of metrics) {
      const values = records
        .filter((r) => r.method === m && r.metric === name && Number.isFinite(r.score))
        .map((r) => r.score);
      const n = values.length;
      const mean = n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
      const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
      table[m]![name] = { mean, std, n };
    }
  }
  return table;
}
