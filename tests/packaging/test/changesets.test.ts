/**
 * The release dry run of CONTRIBUTING.md: on a scratch clone, `changeset version` bumps
 * and writes changelogs for the packages a changeset names (and their dependents) only.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishable, repoRoot } from './pack.js';
import { run } from './run.js';

describe('changesets release dry run', () => {
  it('versions only the changed package and the CLI that depends on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-release-'));
    try {
      await run('git', ['clone', '-q', repoRoot, dir], { cwd: tmpdir() });
      await run('git', ['checkout', '-q', '-b', 'release-dry-run'], { cwd: dir });
      for (const f of readdirSync(join(dir, '.changeset')))
        if (f.endsWith('.md')) rmSync(join(dir, '.changeset', f));
      writeFileSync(
        join(dir, '.changeset', 'metrics-fix.md'),
        '---\n"@xai/metrics": patch\n---\n\nA fix in one metric.\n',
      );
      await run(join(repoRoot, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: dir });
      const version = (d: string) =>
        (JSON.parse(readFileSync(join(dir, d, 'package.json'), 'utf8')) as { version: string })
          .version;
      const before = (d: string) =>
        (JSON.parse(readFileSync(join(repoRoot, d, 'package.json'), 'utf8')) as { version: string })
          .version;
      for (const [name, d] of Object.entries(publishable)) {
        const changed = name === '@xai/metrics' || name === '@xai/cli';
        expect(version(d) !== before(d), name).toBe(changed);
        expect(existsSync(join(dir, d, 'CHANGELOG.md')), name).toBe(changed);
      }
      expect(readFileSync(join(dir, 'packages/metrics/CHANGELOG.md'), 'utf8')).toMatch(
        /A fix in one metric/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
