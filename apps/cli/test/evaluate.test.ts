import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureModelPath, fixturePath } from '@xai/fixtures';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { bin, runCli } from './run-cli.js';

const run = (args: string[]) => runCli(args);

const args = (out: string, samples: number) => [
  'evaluate',
  '--model',
  fixtureModelPath('cnn'),
  '--input',
  fixturePath('inputs.npy'),
  '--labels',
  fixturePath('labels.npy'),
  '--methods',
  'occlusion,rise',
  '--metrics',
  'insertion,deletion,sparseness',
  '--samples',
  String(samples),
  '--set',
  'rise.masks=300',
  '--set',
  'occlusion.window=4',
  '--set',
  'insertion.pixelsPerStep=56',
  '--out',
  out,
];

type Line = { sample: number; method: string; scores: Record<string, number> };
const lines = (dir: string): Line[] =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
const byKey = (ls: Line[]) =>
  Object.fromEntries(ls.map((l) => [`${l.sample}/${l.method}`, l.scores]));

describe('xai evaluate', () => {
  it('writes the tables and plots, and a rerun with more samples computes only the new ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const first = await run([...args(dir, 2), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ computed: 4, skipped: 0 });
    const second = await run([...args(dir, 3), '--json']);
    const summary = JSON.parse(second.stdout) as {
      computed: number;
      skipped: number;
      summary: Record<string, Record<string, { n: number }>>;
    };
    expect(summary).toMatchObject({ computed: 2, skipped: 4 });
    expect(summary.summary.occlusion!.insertion!.n).toBe(3);
    for (const f of [
      'summary.md',
      'summary.csv',
      'summary.json',
      'insertion-curves.svg',
      'deletion-curves.svg',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(
      /\| occlusion \| [\d.]+ ± [\d.]+ \|/,
    );
    expect(lines(dir)).toHaveLength(6);
    // The PNG plot is the SVG rasterised: a real image at twice the SVG's size.
    const png = PNG.sync.read(readFileSync(join(dir, 'insertion-curves.png')));
    const svgWidth = Number(
      /width="(\d+)"/.exec(readFileSync(join(dir, 'insertion-curves.svg'), 'utf8'))![1],
    );
    expect(png.width).toBe(2 * svgWidth);
  }, 120_000);

  it('loses nothing when killed midway: the rerun finishes with the same scores as an uninterrupted run', async () => {
    const clean = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    expect((await run(args(clean, 6))).code).toBe(0);
    const killed = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const child: ChildProcess = spawn(process.execPath, [bin, ...args(killed, 6)], {
      stdio: 'ignore',
    });
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        const log = join(killed, 'results.jsonl');
        if (existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the run ended before it could be killed; give it more work'));
      });
    }).catch((e: Error) => {
      if (!e.message.startsWith('the run ended')) throw e;
    });
    // A write cut off mid-line, as a kill during appendFile could leave it.
    appendFileSync(join(killed, 'results.jsonl'), '{"sample": 5, "method": "ri');
    const resumed = await run([...args(killed, 6), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // The kill landed midway: the rerun had work left, and skipped what was recorded.
    const report = JSON.parse(resumed.stdout) as { computed: number; skipped: number };
    expect(report.computed).toBeGreaterThan(0);
    expect(report.skipped).toBeGreaterThan(0);
    const got = lines(killed);
    expect(got).toHaveLength(12);
    expect(new Set(got.map((l) => `${l.sample}/${l.method}`)).size).toBe(12);
    expect(byKey(got)).toEqual(byKey(lines(clean)));
  }, 180_000);
});
