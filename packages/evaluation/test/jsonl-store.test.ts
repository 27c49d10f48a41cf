import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFileLock } from '../src/node/file-lock.js';
import { openJsonlStore } from '../src/node/jsonl-store.js';
import { encodeRecord, type ResultRecord } from '../src/record.js';

const record = (id: string, score = 0.5): ResultRecord => ({
  id,
  explanation: `e-${id}`,
  sample: 0,
  source: '#0',
  method: 'saliency',
  metric: 'insertion',
  target: 3,
  score,
  seconds: 0.01,
  curve: [1, 0.5, 0],
});

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('openJsonlStore', () => {
  it('keeps each identity once, across store objects writing at the same time', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xai-store-')), 'results.jsonl');
    const a = await openJsonlStore(path);
    const b = await openJsonlStore(path);
    const ids = Array.from({ length: 16 }, (_, i) => `r${i}`);
    const added = await Promise.all(
      ids.flatMap((id) => [a.put([record(id)]), b.put([record(id)])]),
    );
    expect(added.reduce((s, n) => s + n, 0)).toBe(16);
    expect(lines(path)).toHaveLength(16);
    expect((await b.get(ids)).size).toBe(16);
    // A third store sees them all, NaN scores come back as NaN.
    await a.put([record('nan', Number.NaN)]);
    const c = await openJsonlStore(path);
    expect(c.records.size).toBe(17);
    expect(c.records.get('nan')!.score).toBeNaN();
  }, 30_000);

  // The built entry, as users run it (turbo builds before testing).
  it('keeps each identity once with writers in separate processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-store-'));
    const path = join(dir, 'results.jsonl');
    const storeModule = new URL('../dist/node.js', import.meta.url).pathname;
    const script = `
      const { openJsonlStore } = await import(${JSON.stringify(storeModule)});
      const s = await openJsonlStore(${JSON.stringify(path)});
      for (let i = 0; i < 30; i++) await s.put([{ id: 'r' + i, explanation: 'e', sample: i, source: '#', method: 'm', metric: 'k', target: 0, score: i, seconds: 0 }]);
    `;
    const child = () =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: 'inherit',
        });
        p.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([child(), child(), child()])).toEqual([0, 0, 0]);
    expect(lines(path)).toHaveLength(30);
  }, 60_000);

  it('cuts off a line a killed writer left half-written, and keeps every whole one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xai-store-')), 'results.jsonl');
    writeFileSync(path, `${encodeRecord(record('a'))}\n${encodeRecord(record('b')).slice(0, 30)}`);
    const s = await openJsonlStore(path);
    expect([...s.records.keys()]).toEqual(['a']);
    await s.put([record('b'), record('c')]);
    expect(lines(path).map((l) => JSON.parse(l).id)).toEqual(['a', 'b', 'c']);
  });

  it('reports a damaged record with its file and line', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xai-store-')), 'results.jsonl');
    writeFileSync(path, `${encodeRecord(record('a'))}\n\n{"id": "x", "oops"\n`);
    await expect(openJsonlStore(path)).rejects.toMatchObject({
      code: 'DAMAGED_RESULT',
      message: expect.stringContaining(`${path}:3`),
    });
    const other = join(mkdtempSync(join(tmpdir(), 'xai-store-')), 'results.jsonl');
    writeFileSync(other, '{"sample":0,"method":"rise","scores":{}}\n');
    await expect(openJsonlStore(other)).rejects.toThrow(
      new RegExp(`${other}:1 but received a record without a valid 'id'`),
    );
  });

  it('breaks a lock left by a process that no longer runs, and waits for a live one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-lock-'));
    const lock = join(dir, 'x.lock');
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((r) => dead.on('exit', () => r(dead.pid!)));
    writeFileSync(lock, `${deadPid}@${(await import('node:os')).hostname()}`);
    expect(await withFileLock(lock, async () => 'ran', 2000)).toBe('ran');
    writeFileSync(lock, `${process.pid}@${(await import('node:os')).hostname()}`);
    await expect(withFileLock(lock, async () => 'ran', 200)).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringContaining(`held by ${process.pid}@`),
    });
  });
});
