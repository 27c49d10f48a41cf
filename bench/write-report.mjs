// Where a benchmark's Markdown goes: `--write <path>` (relative to the repository root),
// written whole through a temporary file and a rename; standard output otherwise.
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function writeReport(writeTo, report) {
  if (!writeTo) {
    process.stdout.write(report);
    return;
  }
  const path = resolve(root, writeTo);
  writeFileSync(`${path}.tmp`, report);
  renameSync(`${path}.tmp`, path);
  console.error('wrote', path);
}
