/**
 * Model I/O: the only file that touches the file system, so a browser entry can swap it
 * for one that fetches URLs.
 */
import { readFile } from 'node:fs/promises';
import { XaiError } from '@xai/core';

/** The bytes of a model given as a path or as bytes; a missing file is FILE_NOT_FOUND. */
export async function readModelBytes(source: string | Uint8Array): Promise<Uint8Array> {
  if (typeof source !== 'string') return source;
  try {
    // A view on the file's buffer, not a copy: a model's bytes are kept for its lifetime.
    const file = await readFile(source);
    return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new XaiError(
        'FILE_NOT_FOUND',
        `Expected an ONNX model at '${source}' but no file exists there; check the path.`,
        { cause: e },
      );
    }
    if (code === 'EISDIR') {
      throw new XaiError(
        'INVALID_FILE',
        `Expected an ONNX model file at '${source}' but it is a directory.`,
        { cause: e },
      );
    }
    throw new XaiError(
      'MODEL_LOAD_FAILED',
      `Could not read the ONNX model '${source}': ${(e as Error).message}.`,
      { cause: e },
    );
  }
}
