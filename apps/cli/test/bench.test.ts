/**
 * `xai bench`: the report's structure and pass counts that follow from each method's
 * formula (never timings, which vary from machine to machine).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureModelPath, fixturePath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Passes {
  calls: number;
  rows: number;
}
interface Timing {
  seconds: number;
  insideSeconds: number;
  outside: number;
  passes: { forward: Passes; vjp: Passes; jvp: Passes; variants: number };
}
interface Report {
  model: string;
  inputShape: number[];
  samples: number;
  kernels: { kind: string; description: string };
  rows: Array<
    { method: string; skipped?: string; metrics?: Array<{ metric: string } & Timing> } & Timing
  >;
}

async function bench(args: string[]): Promise<Report> {
  const r = await runCli(['bench', '--json', '--kernels', 'js', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const row = (report: Report, method: string) => report.rows.find((r) => r.method === method)!;

describe('xai bench', () => {
  it("gives the methods the input domain: the fixtures' for their images, --preprocess's for files", async () => {
    // The same model units three times; only the domain differs. MFABA steps in pixel
    // units until the class changes, so its path length (vjp calls) shows the domain.
    const vjps = async (args: string[]) =>
      row(await bench(['--methods', 'mfaba', '--samples', '2', ...args]), 'mfaba').passes.vjp;
    const npy = ['--input', fixturePath('inputs.npy')];
    const fixtureImages = await vjps([]);
    expect(await vjps([...npy, '--preprocess', 'fashion-mnist'])).toEqual(fixtureImages);
    expect(await vjps([...npy, '--preprocess', 'none'])).not.toEqual(fixtureImages);
  }, 60_000);

  it('counts the passes of each method on the embedded model by default', async () => {
    const report = await bench([
      '--methods',
      'saliency,integrated-gradients,cafo,occlusion',
      '--samples',
      '2',
      '--set',
      'integrated-gradients.steps=8',
      '--set',
      'cafo.iterations=3',
      '--set',
      'cafo.powerIterations=4',
    ]);
    expect(report).toMatchObject({
      model: 'fixture cnn',
      inputShape: [1, 28, 28],
      samples: 2,
      kernels: { kind: 'js' },
    });
    expect(report.rows.map((r) => r.method)).toEqual([
      'saliency',
      'integrated-gradients',
      'cafo',
      'occlusion',
    ]);
    for (const r of report.rows) {
      expect(r.skipped).toBeUndefined();
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.insideSeconds).toBeLessThanOrEqual(r.seconds);
      expect(r.outside).toBeGreaterThanOrEqual(0);
      expect(r.outside).toBeLessThanOrEqual(1);
    }
    // Saliency: one gradient row per image, in one call; 'predicted' is resolved inside that
    // pass (Model.lossVjp), no forward before it.
    expect(row(report, 'saliency').passes).toEqual({
      forward: { calls: 0, rows: 0 },
      vjp: { calls: 1, rows: 2 },
      jvp: { calls: 0, rows: 0 },
      variants: 0,
    });
    // Integrated gradients: `steps` gradient rows per image (--set reaches the method).
    expect(row(report, 'integrated-gradients').passes.vjp.rows).toBe(2 * 8);
    // CAFO: P power-iteration jvp (one Hessian-vector product each), P + 1 vjp.
    const cafo = row(report, 'cafo').passes;
    expect(cafo.jvp).toEqual({ calls: 4, rows: 2 * 4 });
    expect(cafo.vjp).toEqual({ calls: 5, rows: 2 * 5 });
    // Occlusion: forward only.
    const occ = row(report, 'occlusion').passes;
    expect(occ.vjp.calls + occ.jvp.calls).toBe(0);
    expect(occ.forward.rows).toBeGreaterThan(2);
  });

  it('does not count the untimed --warmup runs', async () => {
    const report = await bench(['--methods', 'saliency', '--warmup', '2']);
    expect(row(report, 'saliency').passes.vjp).toEqual({ calls: 1, rows: 1 });
    expect(row(report, 'saliency').passes.forward).toEqual({ calls: 0, rows: 0 });
  });

  it('times metrics on each map, and counts the model variants a method builds', async () => {
    const report = await bench([
      '--methods',
      'guided-backprop',
      '--metrics',
      'deletion,sensitivity-max',
      '--set',
      'sensitivity-max.samples=3',
    ]);
    const r = row(report, 'guided-backprop');
    expect(r.passes.variants).toBe(1);
    expect(r.metrics!.map((m) => m.metric)).toEqual(['deletion', 'sensitivity-max']);
    const [deletion, sensitivity] = r.metrics!;
    expect(deletion!.passes.forward.calls).toBeGreaterThan(0);
    expect(deletion!.passes.vjp.calls).toBe(0);
    // Sensitivity-max re-explains 3 noisy copies: one guided-backprop variant and 3 vjp rows.
    expect(sensitivity!.passes.variants).toBe(1);
    expect(sensitivity!.passes.vjp.rows).toBe(3);
  });

  it('writes the report as Markdown and as JSON, and prints a table for people', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-bench-'));
    const md = join(dir, 'bench.md');
    const r = await runCli([
      'bench',
      '--model',
      fixtureModelPath('resnet'),
      '--methods',
      'gradient',
      '--kernels',
      'js',
      '--out',
      md,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^method\s+wall s\s+in model s\s+outside\s+forward\s+vjp\s+jvp/m);
    expect(r.stdout).toMatch(/^gradient\s+[\d.]+\s+[\d.]+\s+[\d.]+%\s+0\s+1 \(1\)\s+0/m);
    // A model given by path, without --input, runs on seeded noise shaped like its input.
    expect(r.stderr).toContain('seeded normal noise');
    const page = readFileSync(md, 'utf8');
    expect(page).toContain('| method | wall s | in model s |');
    expect(page).toMatch(/\| gradient \| [\d.]+ \| [\d.]+ \| [\d.]+% \| 0 \| 1 \(1\) \| 0 \| 0 \|/);

    const json = join(dir, 'bench.json');
    const j = await runCli(['bench', '--methods', 'gradient', '--json', '--out', json]);
    expect(j.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(j.stdout));
  }, 60_000); // several CLI runs: seconds each on a loaded 2-core machine

  it('rejects bad arguments with one error line and exit 2', async () => {
    for (const args of [
      ['--methods', 'no-such-method'],
      ['--samples', '0'],
      ['--samples', '101'],
      ['--warmup', '-1'],
      ['--methods', 'gradient', '--out', 'report.txt'],
      ['--methods', 'gradient', '--set', 'rise.masks=4'],
    ]) {
      const r = await runCli(['bench', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('xai: '));
      expect(errors, r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack without --verbose
    }
  }, 60_000); // several CLI runs: seconds each on a loaded 2-core machine
});
