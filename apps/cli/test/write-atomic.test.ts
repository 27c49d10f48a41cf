import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/write-atomic.js';

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-atomic-'));
    const p = join(dir, 'sub', 'a.json');
    await writeFileAtomic(p, 'hello');
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('keeps the old file and removes the temporary when the write fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-atomic-'));
    const p = join(dir, 'target');
    mkdirSync(p); // renaming a file over a directory fails
    writeFileSync(join(p, 'keep'), 'x');
    await expect(writeFileAtomic(p, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(p, 'keep'), 'utf8')).toBe('x');
  });
});
