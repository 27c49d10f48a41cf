import { appendFile, mkdir, open, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeRecord, encodeRecord, type ResultRecord } from '../record.js';
import { pick } from '../store/pick.js';
import type { ResultStore } from '../store/result-store.js';
import { withFileLock } from './file-lock.js';

export interface JsonlStore extends ResultStore {
  readonly path: string;
  /** Every record read so far, by identity. */
  readonly records: ReadonlyMap<string, ResultRecord>;
}

/**
 * The result store of one machine: an append-only JSON-lines file (`results.jsonl` in
 * `--out`), one result a line, with a lock file for writers.
 *
 * - Concurrent writers: `put` takes `<path>.lock`, reads what others appended since, and
 *   appends only records whose identity is not there yet, so no identity is written twice.
 * - Killed writers: a record is whole once its newline is written. Readers skip a last line
 *   without one; the next writer (under the lock) cuts it off before appending.
 * - Damage: a whole line that is not a record is an `XaiError('DAMAGED_RESULT')` naming the
 *   file and line.
 *
 * Chosen over SQLite (better-sqlite3) because it needs no native binary (whose prebuilt
 * comes from GitHub, not npm), stays readable and greppable as before, and one result is a
 * few hundred bytes written once: an index is not needed at the sizes of an evaluation.
 */
export async function openJsonlStore(path: string): Promise<JsonlStore> {
  await mkdir(dirname(path), { recursive: true });
  const records = new Map<string, ResultRecord>();
  let offset = 0; // bytes of whole lines read
  let lines = 0;

  /** Reads the whole lines appended since the last call. */
  async function refresh(): Promise<void> {
    const fh = await open(path, 'a+');
    try {
      const { size } = await fh.stat();
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      await fh.read(buf, 0, buf.length, offset);
      let start = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
        const line = buf.toString('utf8', start, nl);
        lines++;
        if (line.trim() !== '') {
          const r = decodeRecord(line, `${path}:${lines}`);
          if (!records.has(r.id)) records.set(r.id, r);
        }
        start = nl + 1;
      }
      offset += start;
    } finally {
      await fh.close();
    }
  }

  await refresh();
  return {
    path,
    records,
    async get(ids) {
      await refresh();
      return pick(records, ids);
    },
    async put(rs) {
      return withFileLock(`${path}.lock`, async () => {
        await refresh();
        // Bytes after the last newline: a writer killed mid-line. Nobody else writes now.
        const fh = await open(path, 'r');
        const { size } = await fh.stat().finally(() => fh.close());
        if (size > offset) await truncate(path, offset);
        const fresh = rs.filter(
          (r, i) => !records.has(r.id) && rs.findIndex((s) => s.id === r.id) === i,
        );
        if (fresh.length) await appendFile(path, fresh.map((r) => `${encodeRecord(r)}\n`).join(''));
        await refresh();
        return fresh.length;
      });
    },
  };
}
