import { XaiError } from '@xai/core';

/**
 * Splits `--set name.key=value` options by the method or metric they belong to:
 * `{ occlusion: { window: 4 }, insertion: { pixelsPerStep: 28 } }`.
 */
export function scopeOptions(
  flat: Record<string, unknown>,
  names: readonly string[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = Object.fromEntries(
    names.map((n) => [n, {}]),
  );
  for (const [key, value] of Object.entries(flat)) {
    const dot = key.indexOf('.');
    const scope = key.slice(0, dot);
    if (dot <= 0 || !(scope in out)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --set <method or metric>.<option>=value with one of ${names.join(', ')} but received '${key}'.`,
      );
    }
    out[scope]![key.slice(dot + 1)] = value;
  }
  return out;
}
