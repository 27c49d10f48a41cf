import { mkdir, stat } from 'node:fs/promises';
import { XaiError } from '@xai/core';

/** Makes `--out` (a folder) or says why it cannot be one, before any work. */
export async function checkOutDir(out: string): Promise<void> {
  const s = await stat(out).catch(() => null);
  if (s && !s.isDirectory()) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --out to be a folder for results.jsonl and the summaries but '${out}' is a file; name a folder.`,
    );
  }
  await mkdir(out, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --out to be a folder that can be created but '${out}' cannot (${e.code}); choose another path.`,
    );
  });
}
