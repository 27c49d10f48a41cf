import { readFile } from 'node:fs/promises';
import { XaiError } from '@xai/core';

/** Reads a file the user named; a missing one is FILE_NOT_FOUND naming what it was for. */
export async function readInputFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new XaiError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'INVALID_FILE',
      `Expected ${what} at '${path}' but could not read it (${code ?? (e as Error).message}).`,
      { cause: e },
    );
  }
}
