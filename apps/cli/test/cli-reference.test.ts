import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/cli-reference.mjs', import.meta.url));
const page = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));

describe('docs/cli.md', () => {
  it("holds the CLI's current --help (run node apps/cli/scripts/cli-reference.mjs --write after changing a command)", () => {
    const generated = execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim();
    const text = readFileSync(page, 'utf8');
    const section = text.slice(
      text.indexOf('<!-- begin generated'),
      text.indexOf('<!-- end generated -->') + '<!-- end generated -->'.length,
    );
    expect(section).toBe(generated);
    // One CLI start per command: seconds each on a loaded machine.
  }, 60_000);
});
