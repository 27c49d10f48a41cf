import { npyToTensor, type Target, XaiError } from '@xai/core';
import { readInputFile } from '@xai/images';

/** `--target`: a class index, 'predicted', or a labels file (.npy or .json array) with one index per sample. */
export async function parseTarget(text: string): Promise<Target> {
  if (text === 'predicted') return 'predicted';
  if (/^\d+$/.test(text)) return Number(text);
  if (text.endsWith('.npy'))
    return Array.from(
      npyToTensor(new Uint8Array(await readInputFile(text, 'a labels .npy')), `'${text}'`).data,
    );
  if (text.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readInputFile(text, 'a labels .json')).toString('utf8'));
    } catch (e) {
      if (XaiError.isInstance(e)) throw e;
      throw new XaiError(
        'INVALID_FILE',
        `Expected JSON in '${text}' but it does not parse (${(e as Error).message}).`,
      );
    }
    if (Array.isArray(parsed) && parsed.every((v) => Number.isInteger(v)))
      return parsed as number[];
    throw new XaiError('INVALID_FILE', `Expected a JSON array of class indices in '${text}'.`);
  }
  throw new XaiError(
    'INVALID_ARGUMENT',
    `Expected --target to be a class index, 'predicted', or a labels file (.npy, .json) but received '${text}'.`,
  );
}
