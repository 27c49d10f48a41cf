import { XaiError } from '@xai/core';

/**
 * One text for one value, whatever the order its keys were written in: object keys
 * sorted, typed arrays as plain arrays, non-finite numbers as strings (JSON has none),
 * `undefined` members left out (as JSON.stringify does). Identities hash this text, so two
 * option objects that mean the same give the same identity. Functions and other values
 * with no stable text are rejected: a result computed with them could not be recognised.
 */
export function canonicalJson(value: unknown, path = 'the value'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(`${value}n`);
    case 'object':
      break;
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected plain data (numbers, strings, arrays, objects) for ${path} but received a ${typeof value}; results computed with it could not be identified, so pass data instead.`,
      );
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>), path);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => (v === undefined ? 'null' : canonicalJson(v, `${path}[${i}]`))).join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected plain data for ${path} but received an instance of ${proto?.constructor?.name ?? 'a class'}; results computed with it could not be identified, so pass data instead.`,
    );
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`;
}
