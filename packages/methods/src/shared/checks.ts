/** Checks of numeric options that several methods share. */
import { XaiError } from '@xai/core';

/** Throws unless `n` is a positive integer, naming the option. */
export function checkPositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be a positive integer but received ${n}.`,
    );
  }
}

/** INVALID_ARGUMENT unless `v` is a finite number above 0 (step sizes, radii, sigmas). */
export function checkPositiveFinite(v: number, what: string): void {
  if (!(v > 0 && Number.isFinite(v))) {
    throw new XaiError('INVALID_ARGUMENT', `Expected a positive finite ${what} but received ${v}.`);
  }
}
