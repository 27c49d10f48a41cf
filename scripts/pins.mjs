#!/usr/bin/env node
/**
 * Runs the pin tests (every method's maps, every metric's scores on the fixtures):
 * `node scripts/pins.mjs [--update] [methods|metrics]`. With --update it remakes the pins
 * from the current code; a commit that changes a pin says which outputs changed and why.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const update = args.includes('--update');
const known = ['methods', 'metrics'];
const asked = args.filter((a) => a !== '--update');
const unknown = asked.filter((a) => !known.includes(a));
if (unknown.length > 0) {
  console.error(
    `Expected packages among ${known.join(', ')} (and --update) but received ${unknown.join(', ')}.`,
  );
  process.exit(2);
}
for (const pkg of asked.length > 0 ? asked : known) {
  const cwd = fileURLToPath(new URL(`../packages/${pkg}/`, import.meta.url));
  const r = spawnSync('npx', ['vitest', 'run', 'test/pins.test.ts'], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...(update ? { XAI_UPDATE_PINS: '1' } : {}) },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
