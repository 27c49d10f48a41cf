import type { ResultRecord } from '../record.js';

/** The records among `ids` that `records` holds: what every store's `get` returns. */
export function pick(
  records: ReadonlyMap<string, ResultRecord>,
  ids: readonly string[],
): Map<string, ResultRecord> {
  const found = new Map<string, ResultRecord>();
  for (const id of ids) {
    const r = records.get(id);
    if (r) found.set(id, r);
  }
  return found;
}
