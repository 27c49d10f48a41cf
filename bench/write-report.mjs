// How the benchmark scripts write their results: whole or not at all.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes under a temporary name and renames, creating the directory. */
export function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/**
 * A benchmark's Markdown: to `--write <path>` (relative to the repository root) when
 * given, to standard output otherwise.
 */
export function writeReport(writeTo, report) {
  if (!writeTo) {
    process.stdout.write(report);
    return;
  }
  const path = resolve(root, writeTo);
  writeAtomic(path, report);
  console.error('wrote', path);
}
