import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npyToTensor, type Tensor } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';

/** The built CLI, as users run it. */
export const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs `xai args...` and resolves with its exit code and output (never rejects). */
export function runCli(
  args: readonly string[],
  timeout = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `xai explain` of the first fixture image with `method` on a fixture model, `--set` for
 * each of `set`; resolves with the exit code, stderr and the map it wrote (if any).
 */
export async function explainFixtureImage(
  fixture: 'cnn' | 'resnet',
  method: string,
  set: readonly string[] = [],
): Promise<{ code: number; stderr: string; map: Tensor | undefined }> {
  const out = join(mkdtempSync(join(tmpdir(), `xai-${method}-`)), 'map.npy');
  const r = await runCli([
    'explain',
    '--model',
    fixtureModelPath(fixture),
    '--input',
    fixtureImagePaths()[0]!,
    '--preprocess',
    'fashion-mnist',
    '--method',
    method,
    ...set.flatMap((s) => ['--set', s]),
    '--seed',
    '1',
    '--out',
    out,
    '--quiet',
  ]);
  const map = existsSync(out) ? npyToTensor(new Uint8Array(readFileSync(out))) : undefined;
  return { code: r.code, stderr: r.stderr, map };
}
