import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MethodFamily, methodFamilies } from '@xai/core';
import { fixtureManifest, fixtureModelPath } from '@xai/fixtures';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { demoMethods } from '../src/render/demo-gallery.js';
import { runCli } from './run-cli.js';

const run = (args: string[]) => runCli(args);

describe('xai', () => {
  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('methods --json lists each method with its paper and defaults', async () => {
    const r = await run(['methods', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{
      name: string;
      paper: { year: number };
      defaults: object;
    }>;
    expect(list.map((m) => m.name)).toEqual(expect.arrayContaining(['gradient', 'saliency']));
    expect(list.find((m) => m.name === 'gradient')).toMatchObject({
      paper: { year: 2014 },
      defaults: { objective: 'logit' },
    });
    // Every option key, those without a default (occlusion's window, stride) included.
    expect(list.find((m) => m.name === 'occlusion')).toMatchObject({
      options: ['baseline', 'score', 'window', 'stride'],
    });
  });

  it('methods lists every registered method once, under its own family, families in order', async () => {
    const r = await run(['methods', '--json']);
    const list = JSON.parse(r.stdout) as Array<{ name: string; family: string }>;
    expect(list.map((m) => m.name).sort()).toEqual(methods.map((m) => m.name).sort());
    for (const m of methods) expect(list.find((e) => e.name === m.name)?.family).toBe(m.family);
    const order = list.map((m) => methodFamilies.indexOf(m.family as MethodFamily));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The text: one heading a family, each method indented under the heading of its family.
    const text = (await run(['methods'])).stdout;
    const headings = [...text.matchAll(/^([a-z-]+): (.+)$/gm)];
    expect(headings.map((h) => h[1])).toEqual(methodFamilies);
    for (const [i, h] of headings.entries()) {
      const block = text.slice(h.index, headings[i + 1]?.index ?? text.length);
      const names = [...block.matchAll(/^ {2}([a-z0-9-]+) {2,}/gm)].map((n) => n[1]);
      expect(names, h[1]).toEqual(methods.filter((m) => m.family === h[1]).map((m) => m.name));
    }
    expect(text).toMatch(/^gradient: .*\n {2}gradient +.*\n +Simonyan.*\(2014\); defaults /m);
  });

  it('metrics --json lists every registered metric with its paper, family, direction and defaults', async () => {
    const r = await run(['metrics', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(list.map((m) => m.name).sort()).toEqual(metrics.map((m) => m.name).sort());
    // Grouped by family, in the families' order.
    const order = [
      'faithfulness',
      'robustness',
      'localisation',
      'randomisation',
      'complexity',
      'axioms',
    ];
    const families = list.map((m) => order.indexOf(m.family as string));
    expect(families).toEqual([...families].sort((a, b) => a - b));
    expect(families).not.toContain(-1);
    expect(list.find((m) => m.name === 'deletion')).toMatchObject({
      family: 'faithfulness',
      higherIsBetter: false,
      paper: { year: 2018 },
      defaults: { baseline: 'zeros', score: 'probability' },
    });
    expect(list.find((m) => m.name === 'sparseness')).toMatchObject({
      family: 'complexity',
      higherIsBetter: true,
    });
    const text = await run(['metrics']);
    expect(text.stdout).toMatch(/^faithfulness:\n {2}insertion +higher is better /m);
    expect(text.stdout).toMatch(
      /^ {2}deletion +lower {2}is better .*\n +.*\(2018\); defaults \{"baseline":"zeros"/m,
    );
  });

  it('inspect --json gives the interface and op counts of a fixture model', async () => {
    const r = await run(['inspect', '--model', fixtureModelPath('cnn'), '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as {
      inputs: Array<{ name: string; shape: unknown[] }>;
      outputs: Array<{ name: string }>;
      opCounts: Record<string, number>;
      nodeCount: number;
    };
    expect(info.inputs).toHaveLength(1);
    expect(info.inputs[0]).toMatchObject({ name: 'input' });
    expect(info.inputs[0]!.shape.slice(1)).toEqual([1, 28, 28]);
    expect(info.outputs[0]!.name).toBe('logits');
    expect(info.opCounts).toMatchObject({
      Conv: expect.any(Number),
      Relu: expect.any(Number),
      MaxPool: expect.any(Number),
    });
    expect(Object.values(info.opCounts).reduce((a, b) => a + b, 0)).toBe(info.nodeCount);
  });

  it('a missing model is one line on stderr naming the file, exit 2', async () => {
    const r = await run(['inspect', '--model', '/nonexistent/m.onnx']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\/nonexistent\/m\.onnx.*FILE_NOT_FOUND/);
  });

  it('a truncated model is INVALID_FILE, exit 2, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-cli-'));
    const cut = join(dir, 'cut.onnx');
    const bytes = readFileSync(fixtureModelPath('cnn'));
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const r = await run(['inspect', '--model', cut]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_FILE/);
  });

  it('a usage error exits 1', async () => {
    expect((await run(['inspect'])).code).toBe(1);
    expect((await run(['no-such-command'])).code).toBe(1);
  });

  it('demo --json reports the fixture models on the sample images and writes predictions.json whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-demo-'));
    const r = await run(['demo', '--json', '--out', dir]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      models: Array<{ model: string; accuracy: number; samples: unknown[] }>;
    };
    const manifest = fixtureManifest();
    expect(summary.models.map((m) => m.model).sort()).toEqual(Object.keys(manifest.models).sort());
    for (const m of summary.models) {
      expect(m.samples).toHaveLength(100);
      expect(m.accuracy).toBeCloseTo(manifest.models[m.model as 'cnn']!.sampleAccuracy, 10);
    }
    expect(JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8'))).toEqual(summary);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'predictions.json'))).toBe(true);
    // The gallery: per model, 3 test images and one row of overlays per demo method, each
    // map with its insertion and deletion AUC, each row with its colour bar.
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const models = Object.keys(manifest.models).length;
    const srcs = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(models * 3 * (1 + demoMethods.length));
    for (const src of srcs) expect(existsSync(join(dir, src)), src).toBe(true);
    const png = PNG.sync.read(readFileSync(join(dir, srcs[3]!)));
    expect([png.width, png.height]).toEqual([112, 112]); // 28 x 4
    expect(html.match(/<svg class="colour-bar"/g)).toHaveLength(models * demoMethods.length);
    const scores = [...html.matchAll(/ins (\d\.\d{3})(?:<\/b>)? · (?:<b>)?del (\d\.\d{3})/g)];
    expect(scores).toHaveLength(models * 3 * demoMethods.length);
    for (const m of scores)
      for (const v of [Number(m[1]), Number(m[2])]) expect(v).toBeLessThanOrEqual(1);
    for (const m of demoMethods.filter((d) => d.kind === 'paper'))
      expect(html).toContain(`${m.name}<span class="kind paper">`);
    expect(html).toContain('What am I looking at?');
    expect(html).not.toMatch(/https?:\/\//); // works offline: nothing remote
  }, 60_000);
});

describe('xai inspect gradient support', () => {
  it('lists, per op, whether gradients can be built', async () => {
    const r = await run(['inspect', '--model', fixtureModelPath('resnet'), '--json']);
    const info = JSON.parse(r.stdout) as {
      gradientSupport: Record<string, string>;
      opCounts: Record<string, number>;
    };
    expect(Object.keys(info.gradientSupport).sort()).toEqual(Object.keys(info.opCounts).sort());
    expect(info.gradientSupport.Conv).toBe('vjp+jvp');
    const text = await run(['inspect', '--model', fixtureModelPath('resnet')]);
    expect(text.stdout).toMatch(/BatchNormalization\s+\d+\s+gradient: vjp\+jvp/);
  });
});
