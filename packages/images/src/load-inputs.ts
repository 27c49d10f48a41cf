import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { concatBatches, formatShape, npyToTensor, type Tensor, XaiError } from '@xai/core';
import { normalisePixels, type Preprocess, resolvePreprocess } from './preprocess.js';
import { type DecodedImage, imageExtensions, readImage } from './read-image.js';
import { readInputFile } from './read-input-file.js';

const supported = new Set<string>(['.npy', ...imageExtensions]);
const supportedList = '.npy, .png, .jpg, .jpeg or .webp';

export interface LoadedInputs {
  readonly x: Tensor;
  /** The file each sample came from (a batch .npy gives one entry per sample). */
  readonly sources: string[];
  /** Per sample, the decoded image it came from (for overlays); undefined for .npy. */
  readonly images: Array<DecodedImage | undefined>;
}

/**
 * Reads `.npy` files (one sample shaped like the model input, or a batch of them, already
 * in model units) and PNG, JPEG or WebP images (resized, cropped and normalised as
 * `preprocess` says), or a directory of them in name order, into one batch
 * `[B, ...inputShape]`.
 */
export async function loadInputs(
  path: string,
  inputShape: readonly number[],
  preprocess: Preprocess | string,
): Promise<LoadedInputs> {
  const pre = typeof preprocess === 'string' ? resolvePreprocess(preprocess) : preprocess;
  const files = await listInputFiles(path);
  const parts: Tensor[] = [];
  const sources: string[] = [];
  const images: Array<DecodedImage | undefined> = [];
  for (const file of files) {
    if (extname(file).toLowerCase() === '.npy') {
      const t = await readNpy(file, inputShape);
      parts.push(t);
      for (let i = 0; i < t.shape[0]!; i++) {
        sources.push(t.shape[0] === 1 ? file : `${file}[${i}]`);
        images.push(undefined);
      }
    } else {
      const image = await readImage(file, inputShape, pre);
      const data = normalisePixels(Float32Array.from(image.pixels), image.channels, pre);
      parts.push({ data, shape: [1, ...inputShape] });
      sources.push(file);
      images.push(image);
    }
  }
  return { x: concatBatches(parts), sources, images };
}

async function listInputFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new XaiError(
      'FILE_NOT_FOUND',
      `Expected an input file or directory at '${path}' but found none (${e.code}).`,
    );
  });
  if (!info.isDirectory()) {
    if (!supported.has(extname(path).toLowerCase())) {
      throw new XaiError(
        'INVALID_FILE',
        `Expected a ${supportedList} input but received '${path}'.`,
      );
    }
    return [path];
  }
  const names = (await readdir(path)).filter((n) => supported.has(extname(n).toLowerCase())).sort();
  if (names.length === 0) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected ${supportedList} files in the directory '${path}' but found none.`,
    );
  }
  return names.map((n) => join(path, n));
}

async function readNpy(file: string, inputShape: readonly number[]): Promise<Tensor> {
  const t = npyToTensor(new Uint8Array(await readInputFile(file, 'an input .npy')), `'${file}'`);
  const sample = inputShape.join(',');
  if (t.shape.join(',') === sample) return { data: t.data, shape: [1, ...inputShape] };
  if (t.shape.length === inputShape.length + 1 && t.shape.slice(1).join(',') === sample) return t;
  throw new XaiError(
    'SHAPE_MISMATCH',
    `Expected '${file}' to hold ${formatShape(inputShape)} or [N, ${inputShape.join(', ')}] for this model but it holds ${formatShape(t.shape)}.`,
  );
}
