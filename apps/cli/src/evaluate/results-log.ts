import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One explained and scored sample: what `results.jsonl` holds, one per line. */
export interface SampleRecord {
  readonly sample: number;
  readonly source: string;
  readonly method: string;
  readonly target: number;
  readonly seconds: number;
  readonly scores: Record<string, number>;
  /** Curves of curve metrics (insertion, deletion), by metric name. */
  readonly curves?: Record<string, number[]>;
}

/**
 * The append-only log of finished samples. A run killed mid-write leaves at most one
 * partial last line; opening the log cuts it off, so every record kept is whole and a
 * rerun redoes only what was not recorded.
 */
export async function openResultsLog(
  path: string,
): Promise<{ records: SampleRecord[]; append(r: SampleRecord): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const records: SampleRecord[] = [];
  let whole = 0;
  for (const line of text.split('\n')) {
    const end = whole + Buffer.byteLength(line) + 1;
    if (end > Buffer.byteLength(text)) break; // no newline: a partial last line
    if (line.trim() !== '') records.push(JSON.parse(line) as SampleRecord);
    whole = end;
  }
  if (whole < Buffer.byteLength(text)) await truncate(path, whole);
  return {
    records,
    async append(r) {
      await appendFile(path, `${JSON.stringify(r)}\n`);
    },
  };
}
