import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { concatBatches, formatShape, npyToTensor, type Tensor, XaiError } from '@xai/core';
import { PNG } from 'pngjs';
import { readInputFile } from '../read-input-file.js';
import { getPreset, normalisePixels } from './preprocess.js';

const imageExtensions = new Set(['.png']);
const supported = new Set(['.npy', ...imageExtensions]);

export interface LoadedInputs {
  readonly x: Tensor;
  /** The file each sample came from (a batch .npy gives one entry per sample). */
  readonly sources: string[];
}

/**
 * Reads `.npy` files (one sample shaped like the model input, or a batch of them, already
 * in model units) and PNG images (8-bit, preprocessed with `preset`), or a directory of
 * them in name order, into one batch `[B, ...inputShape]`.
 */
export async function loadInputs(
  path: string,
  inputShape: readonly number[],
  preset: string,
): Promise<LoadedInputs> {
  const files = await listInputFiles(path);
  const parts: Tensor[] = [];
  const sources: string[] = [];
  for (const file of files) {
    const t =
      extname(file).toLowerCase() === '.npy'
        ? await readNpy(file, inputShape)
        : await readPng(file, inputShape, preset);
    parts.push(t);
    for (let i = 0; i < t.shape[0]!; i++) sources.push(t.shape[0] === 1 ? file : `${file}[${i}]`);
  }
  return { x: concatBatches(parts), sources };
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
      throw new XaiError('INVALID_FILE', `Expected a .npy or .png input but received '${path}'.`);
    }
    return [path];
  }
  const names = (await readdir(path)).filter((n) => supported.has(extname(n).toLowerCase())).sort();
  if (names.length === 0) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected .npy or .png files in the directory '${path}' but found none.`,
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

async function readPng(
  file: string,
  inputShape: readonly number[],
  preset: string,
): Promise<Tensor> {
  let png: PNG;
  try {
    png = PNG.sync.read(await readInputFile(file, 'a PNG image'));
  } catch (e) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected a PNG image in '${file}' but it does not decode (${(e as Error).message}).`,
      { cause: e },
    );
  }
  const [C, H, W] = inputShape as [number, number, number];
  if (inputShape.length !== 3 || (C !== 1 && C !== 3) || png.height !== H || png.width !== W) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a ${W}x${H} image for a model taking ${formatShape(inputShape)} but '${file}' is ${png.width}x${png.height}; resize it first.`,
    );
  }
  const planar = new Float32Array(C * H * W);
  for (let p = 0; p < H * W; p++) {
    const r = png.data[4 * p]!;
    const g = png.data[4 * p + 1]!;
    const b = png.data[4 * p + 2]!;
    if (C === 1) planar[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      planar[p] = r;
      planar[H * W + p] = g;
      planar[2 * H * W + p] = b;
    }
  }
  return { data: normalisePixels(planar, C, getPreset(preset)), shape: [1, C, H, W] };
}
