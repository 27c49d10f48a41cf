import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { bin } from './run-cli.js';

const images = dirname(fixtureImagePaths()[0]!);

/**
 * Starts RISE with the paper's 4000 masks on the 100 fixture images (tens of seconds of
 * work), waits for its first progress line, sends `signals` (ms apart) and resolves with
 * the exit code, the ms from the first signal to the exit, stderr and whether the output
 * exists.
 */
function interruptRise(
  signals: NodeJS.Signals[],
  gapMs = 0,
): Promise<{ code: number | null; latencyMs: number; stderr: string; wrote: boolean }> {
  const out = join(mkdtempSync(join(tmpdir(), 'xai-int-')), 'rise.npy');
  const child = spawn(
    process.execPath,
    [
      bin,
      'explain',
      '--model',
      fixtureModelPath('cnn'),
      '--input',
      images,
      '--preprocess',
      'fashion-mnist',
      '--method',
      'rise',
      '--set',
      'masks=4000',
      '--out',
      out,
    ],
    { env: { ...process.env, XAI_PROGRESS: 'always' } },
  );
  let stderr = '';
  let sentAt = 0;
  return new Promise((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (sentAt === 0 && /rise: mask \d+\/4000/.test(stderr)) {
        sentAt = performance.now();
        for (const [i, s] of signals.entries()) setTimeout(() => child.kill(s), i * gapMs);
      }
    });
    child.on('exit', (code) =>
      resolve({ code, latencyMs: performance.now() - sentAt, stderr, wrote: existsSync(out) }),
    );
  });
}

describe('Ctrl-C and SIGTERM', () => {
  it('Ctrl-C stops RISE (4000 masks) within a second, exit 130, nothing written', async () => {
    const r = await interruptRise(['SIGINT']);
    expect(r.code).toBe(130);
    expect(r.latencyMs).toBeLessThan(1000);
    expect(r.wrote).toBe(false);
    expect(r.stderr).toMatch(/stopping \(Ctrl-C\); press Ctrl-C again to quit at once/);
    expect(r.stderr).toMatch(/\[ABORTED\]/);
    // The progress line says what runs, how far, and for how long.
    expect(r.stderr).toMatch(/rise: mask \d+\/4000 \(\d+%\), 0:\d\d elapsed/);
  }, 60_000);

  it('SIGTERM is handled like Ctrl-C, exit 143', async () => {
    const r = await interruptRise(['SIGTERM']);
    expect(r.code).toBe(143);
    expect(r.latencyMs).toBeLessThan(1000);
    expect(r.wrote).toBe(false);
    expect(r.stderr).toMatch(/stopping \(SIGTERM\)/);
  }, 60_000);

  it('a second Ctrl-C exits at once', async () => {
    const r = await interruptRise(['SIGINT', 'SIGINT'], 1);
    expect(r.code).toBe(130);
    expect(r.latencyMs).toBeLessThan(1000);
    expect(r.wrote).toBe(false);
  }, 60_000);
});
