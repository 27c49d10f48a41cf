import type { ResultRecord } from '../record.js';
import { pick } from './pick.js';
import type { ResultStore } from './result-store.js';

/** A store in memory: for one run without `--out`, and for tests. */
export function memoryStore(initial: readonly ResultRecord[] = []): ResultStore & {
  readonly records: ReadonlyMap<string, ResultRecord>;
} {
  const records = new Map(initial.map((r) => [r.id, r]));
  return {
    records,
    async get(ids) {
      return pick(records, ids);
    },
    async put(rs) {
      let added = 0;
      for (const r of rs) {
        if (records.has(r.id)) continue;
        records.set(r.id, r);
        added++;
      }
      return added;
    },
  };
}
