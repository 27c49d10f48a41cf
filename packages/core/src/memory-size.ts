import { XaiError } from './errors.js';

/** Decimal (kB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB) units, in bytes. */
const units: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A memory size in bytes from `2GB`, `512MiB`, `1.5 GiB` or a plain byte count (`4096`):
 * units are case-insensitive, decimal (kB = 1000 B) or binary (KiB = 1024 B). `what` names
 * the option in the error (e.g. `'--memory'`).
 */
export function parseMemorySize(text: string | number, what = 'a memory size'): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(String(text));
  const factor = m ? units[(m[2] || 'b').toLowerCase()] : undefined;
  const bytes = m && factor !== undefined ? Math.floor(Number(m[1]) * factor) : Number.NaN;
  if (!(bytes >= 1)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a size such as 2GB, 512MiB, 1.5GiB or a byte count like 1073741824 (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB) for ${what} but received '${text}'.`,
    );
  }
  return bytes;
}
