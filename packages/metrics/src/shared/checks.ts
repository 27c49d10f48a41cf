import { XaiError } from '@xai/core';

/** Throws INVALID_ARGUMENT unless `value` is an integer in [min, max]. */
export function checkInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${name} to be an integer in [${min}, ${max}] but received ${value}.`,
    );
  }
}
