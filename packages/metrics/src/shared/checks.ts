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

/** Throws INVALID_ARGUMENT unless `value` is finite and in (min, max] (or [min, max] when `closed`). */
export function checkRange(
  value: number,
  name: string,
  min: number,
  max: number,
  closed = false,
): void {
  const ok = Number.isFinite(value) && (closed ? value >= min : value > min) && value <= max;
  if (!ok) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${name} in ${closed ? '[' : '('}${min}, ${max}] but received ${value}.`,
    );
  }
}
