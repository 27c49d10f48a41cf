import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, npyToTensor } from '@xai/core';
import { fixtureModelPath, fixturePath } from '@xai/fixtures';
import { getMetric, metrics } from '@xai/metrics';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { bin, runCli } from './run-cli.js';

/** A masks .npy for the first fixture sample: its bright pixels (written once). */
let masks: string | undefined;
function maskFile(): string {
  if (masks) return masks;
  const x = npyToTensor(new Uint8Array(readFileSync(fixturePath('inputs.npy'))));
  const data = x.data.subarray(0, 784).map((v) => (v > 0.5 ? 1 : 0));
  masks = join(mkdtempSync(join(tmpdir(), 'xai-masks-')), 'masks.npy');
  writeFileSync(masks, encodeNpy({ data, shape: [1, 1, 28, 28] }));
  return masks;
}

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

type Line = { id: string; sample: number; method: string; metric: string; score: number | null };
const lines = (dir: string): Line[] =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
const byKey = (ls: Line[]) =>
  Object.fromEntries(ls.map((l) => [`${l.sample}/${l.method}/${l.metric}`, l.score]));
type Report = {
  computed: number;
  reused: number;
  summary: Record<string, Record<string, { mean: number; n: number }>>;
};

describe('xai evaluate', () => {
  it('writes the tables and plots, and a rerun with more samples computes only the new ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const first = await run([...args(dir, 2), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ computed: 12, reused: 0 });
    const second = await run([...args(dir, 3), '--json']);
    const summary = JSON.parse(second.stdout) as Report;
    expect(summary).toMatchObject({ computed: 6, reused: 12 });
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
    expect(lines(dir)).toHaveLength(18);
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
    const report = JSON.parse(resumed.stdout) as Report;
    expect(report.computed).toBeGreaterThan(0);
    expect(report.reused).toBeGreaterThan(0);
    const got = lines(killed);
    expect(got).toHaveLength(36);
    expect(new Set(got.map((l) => l.id)).size).toBe(36);
    expect(byKey(got)).toEqual(byKey(lines(clean)));
  }, 180_000);

  it('recomputes for another model, other options or another seed, and reuses the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const computed = async (extra: string[], model = 'cnn' as 'cnn' | 'resnet') => {
      const a = args(dir, 2);
      a[a.indexOf('--model') + 1] = fixtureModelPath(model);
      const r = await run([...a, ...extra, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Report).computed;
    };
    expect(await computed([])).toBe(12);
    expect(await computed([])).toBe(0);
    expect(await computed([], 'resnet')).toBe(12);
    expect(await computed(['--set', 'rise.masks=200'])).toBe(6);
    expect(await computed(['--seed', '7'])).toBe(12);
  }, 180_000);

  it('two runs into one folder at once give the single run its table, each result once', async () => {
    const single = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const alone = await run([...args(single, 3), '--json']);
    const shared = mkdtempSync(join(tmpdir(), 'xai-eval-'));
    const [a, b] = await Promise.all([
      run([...args(shared, 3), '--json']),
      run([...args(shared, 3), '--json']),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const got = lines(shared);
    expect(got).toHaveLength(18);
    expect(new Set(got.map((l) => l.id)).size).toBe(18);
    const table = (r: { stdout: string }) => (JSON.parse(r.stdout) as Report).summary;
    expect(table(a)).toEqual(table(alone));
    expect(table(b)).toEqual(table(alone));
    expect(readFileSync(join(shared, 'summary.md'), 'utf8')).toBe(
      readFileSync(join(single, 'summary.md'), 'utf8'),
    );
  }, 180_000);

  it('refuses an --out that is a file before loading anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'xai-eval-')), 'f');
    appendFileSync(file, 'x');
    const r = await run(args(file, 1));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected a directory for --out but received .*, which is a file/);
  });

  it.each(metrics.map((m) => [m.name]))(
    'scores with %s',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'xai-eval-'));
      const r = await run([
        'evaluate',
        '--model',
        fixtureModelPath('cnn'),
        '--input',
        fixturePath('inputs.npy'),
        '--methods',
        'saliency',
        '--metrics',
        name,
        '--samples',
        '1',
        ...(name === 'pointing-game' ? ['--set', 'pointing-game.boxes=[[[4,4,20,20]]]'] : []),
        // Top-k's default k (Quantus', for 224 x 224) is more than 28 x 28 pixels.
        ...(name === 'top-k-intersection' ? ['--set', 'top-k-intersection.k=100'] : []),
        // The localisation metrics' masks: the first fixture image's bright pixels.
        ...('masks' in getMetric(name).defaults ? ['--masks', maskFile()] : []),
        '--out',
        dir,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const cell = (JSON.parse(r.stdout) as Report).summary.saliency![name]!;
      const [line] = lines(dir);
      expect(line).toMatchObject({ metric: name, method: 'saliency', sample: 0 });
      // NaN (a sample the metric cannot score, as PIC's) is stored as null and counted out.
      expect(cell.n).toBe(line!.score === null ? 0 : 1);
      if (line!.score !== null) expect(cell.mean).toBe(line!.score);
    },
    120_000,
  );
});
