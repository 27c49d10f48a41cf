import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The publishable packages, by directory. */
export const publishable = {
  '@xai/core': 'packages/core',
  '@xai/methods': 'packages/methods',
  '@xai/metrics': 'packages/metrics',
  '@xai/evaluation': 'packages/evaluation',
  '@xai/backend-onnx': 'packages/backend-onnx',
  '@xai/backend-cuda': 'packages/backend-cuda',
  '@xai/fixtures': 'packages/fixtures',
  '@xai/images': 'packages/images',
  '@xai/cli': 'apps/cli',
} as const;

/** `pnpm pack`s every package into `dest` (pnpm applies publishConfig and rewrites workspace: ranges). */
export async function packAll(dest: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, dir] of Object.entries(publishable)) {
    const before = new Set(readdirSync(dest));
    await run('bash', [join(repoRoot, 'scripts/pnpm.sh'), 'pack', '--pack-destination', dest], {
      cwd: join(repoRoot, dir),
    });
    const added = readdirSync(dest).filter((f) => !before.has(f));
    if (added.length !== 1)
      throw new Error(`expected one tarball from ${dir}, got ${added.join(', ')}`);
    out[name] = join(dest, added[0]!);
  }
  return out;
}

/** The paths inside a tarball, without the leading `package/`. */
export async function tarballFiles(tgz: string): Promise<string[]> {
  return (await run('tar', ['tzf', tgz], { cwd: repoRoot }))
    .trim()
    .split('\n')
    .map((p) => p.replace(/^package\//, ''));
}
