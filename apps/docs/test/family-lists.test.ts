/**
 * The README lists every method and every metric (under the family the metric declares);
 * the list is generated, and a stale one fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';

const script = new URL('../scripts/family-lists.mjs', import.meta.url).pathname;
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe("the README's lists", () => {
  it('is up to date in README.md (family-lists.mjs --write)', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('names each method and metric once, each metric under its own family', () => {
    for (const m of methods) expect(readme.split(`\`${m.name}\``).length - 1, m.name).toBe(1);
    for (const d of metrics) {
      const line = readme
        .split('\n')
        .find((l) => l.includes(`\`${d.name}\``) && l.startsWith('  - '));
      expect(line, d.name).toMatch(new RegExp(`^  - ${d.family} \\(\\d+\\): `));
      expect(readme.split(`\`${d.name}\``).length - 1, d.name).toBe(1);
    }
  });
});
