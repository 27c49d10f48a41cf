import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { XaiError } from '@xai/core';

/**
 * Checks, before any work, that `path` can be written as a file (`kind: 'file'`) or used
 * as a folder of outputs (`kind: 'dir'`): what exists there has the right kind, and the
 * nearest existing folder above it is a folder we may write in. An XaiError names the flag.
 */
export async function checkOutputPath(
  path: string,
  flag: string,
  kind: 'file' | 'dir',
): Promise<void> {
  const full = resolve(path);
  const here = await stat(full).catch(() => undefined);
  if (here) {
    if (kind === 'file' && here.isDirectory()) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a file path for ${flag} but received '${path}', which is a directory; name a file in it.`,
      );
    }
    if (kind === 'dir' && !here.isDirectory()) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a directory for ${flag} but received '${path}', which is a file; name a directory.`,
      );
    }
    if (kind === 'dir') return writable(full, path, flag);
  }
  // The outputs are written beside or inside the nearest folder that exists.
  let dir = kind === 'dir' && !here ? full : dirname(full);
  for (;;) {
    const s = await stat(dir).catch(() => undefined);
    if (s) {
      if (!s.isDirectory()) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected a writable location for ${flag} but received '${path}': '${dir}' is a file, not a directory.`,
        );
      }
      return writable(dir, path, flag);
    }
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}

async function writable(dir: string, path: string, flag: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a writable location for ${flag} but received '${path}': '${dir}' cannot be written; choose another path or fix its permissions.`,
    );
  }
}
