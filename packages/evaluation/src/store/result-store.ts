import type { ResultRecord } from '../record.js';

/**
 * Where results are kept between runs, keyed by their identity. `get` sees what other
 * writers (runs, workers) added since it was opened; `put` stores each record once, however
 * many writers offer it.
 */
export interface ResultStore {
  /** The records among `ids` that are stored (refreshed from the medium first). */
  get(ids: readonly string[]): Promise<Map<string, ResultRecord>>;
  /** Stores the records not there yet; returns how many were new. */
  put(records: readonly ResultRecord[]): Promise<number>;
  close?(): Promise<void>;
}
