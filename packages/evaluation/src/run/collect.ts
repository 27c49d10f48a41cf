import { XaiError } from '@xai/core';
import type { ResultRecord } from '../record.js';
import type { ResultStore } from '../store/result-store.js';
import { type ResultTable, summarizeResults } from '../table.js';
import type { PlannedUnit } from './plan.js';

/** The plan's records, read back from the store, and their table. */
export async function collectPlan(
  units: readonly PlannedUnit[],
  store: ResultStore,
  missingOk = false,
): Promise<{ records: ResultRecord[]; table: ResultTable }> {
  const ids = units.flatMap((u) => u.results.map((r) => r.id));
  const found = await store.get(ids);
  // A reused result may come from another position or file name of the same sample.
  const records = units.flatMap((u) =>
    u.results.flatMap((r) => {
      const got = found.get(r.id);
      return got ? [{ ...got, sample: u.sample, source: u.source }] : [];
    }),
  );
  if (!missingOk && records.length !== ids.length) {
    throw new XaiError(
      'STORE_INCOMPLETE',
      `Expected ${ids.length} results in the store after the evaluation but found ${records.length}; another process may have removed records.`,
    );
  }
  const methods = [...new Set(units.map((u) => u.method.name))];
  const metrics = units[0]?.results.map((r) => r.metric) ?? [];
  return { records, table: summarizeResults(records, methods, metrics) };
}
