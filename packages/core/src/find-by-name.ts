import { XaiError, type XaiErrorCode } from './errors.js';
import { didYouMean } from './nearest-name.js';

/**
 * The entry of a registry called `name`; otherwise `code`, with a message that lists every
 * name, suggests the nearest one and ends with `help` (how to read about them), if given.
 */
export function findByName<T extends { readonly name: string }>(
  entries: readonly T[],
  name: string,
  what: string,
  code: XaiErrorCode,
  help?: string,
): T {
  const found = entries.find((e) => e.name === name);
  if (found) return found;
  const names = entries.map((e) => e.name);
  throw new XaiError(
    code,
    `Expected ${what} among ${names.join(', ')} but received '${name}'.${didYouMean(name, names)}${help ? ` ${help}` : ''}`,
  );
}
