import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadOnnxModel } from '@xai/backend-onnx';
import { npyToTensor, sliceBatch } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { loadInputs } from '@xai/images';
import { getMethod } from '@xai/methods';
import { getMetric, metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

type Line = { sample: number; method: string; metric: string; score: number | null };
const lines = (dir: string): Line[] =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

/** Two fixture PNGs in a folder of their own, as a user's images. */
function pngFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xai-pngs-'));
  const images = join(dir, 'images');
  mkdirSync(images);
  for (const p of fixtureImagePaths().slice(0, 2)) copyFileSync(p, join(images, basename(p)));
  return images;
}

describe('xai evaluate with every metric', () => {
  it('scores a map with each registered metric and states each direction', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xai-eval-all-'));
    const names = metrics.map((m) => m.name);
    const r = await runCli([
      'evaluate',
      '--model',
      fixtureModelPath('cnn'),
      '--input',
      fixtureImagePaths()[0]!,
      '--preprocess',
      'fashion-mnist',
      '--methods',
      'gradient',
      '--metrics',
      names.join(','),
      // The pointing game needs the object's box: the whole 28x28 image here.
      '--set',
      'pointing-game.boxes=[[[0,0,27,27]]]',
      // Top-k's default k (Quantus', for 224 x 224) is more than 28 x 28 pixels.
      '--set',
      'top-k-intersection.k=100',
      // The localisation metrics' masks: the image's own non-zero pixels.
      '--masks',
      fixtureImagePaths()[0]!,
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const scored = lines(out);
    expect(scored.map((l) => l.metric).sort()).toEqual([...names].sort());
    // NaN (null in JSON) where documented: PIC's unscorable samples, and focus, whose one
    // image here has no partners for a mosaic. The rest are numbers.
    const nanAllowed = new Set(['pic', 'focus']);
    for (const l of scored) {
      if (!nanAllowed.has(l.metric)) expect(typeof l.score, l.metric).toBe('number');
    }
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const m of metrics) {
      const way = m.higherIsBetter ? 'higher' : 'lower';
      expect(md).toContain(`${m.name} (${way} is better)`);
    }
  }, 120_000);
});

describe('the input domain in explain and evaluate', () => {
  it("scores the very map explain writes for the same PNGs with --preprocess (MFABA's sparseness)", async () => {
    const images = pngFolder();
    const dir = mkdtempSync(join(tmpdir(), 'xai-mfaba-'));
    const common = ['--model', fixtureModelPath('cnn'), '--input', images];
    const pre = ['--preprocess', 'fashion-mnist', '--seed', '0', '--quiet'];
    const ex = await runCli([
      'explain',
      ...common,
      '--method',
      'mfaba',
      ...pre,
      '--out',
      join(dir, 'map.npy'),
    ]);
    expect(ex.code, ex.stderr).toBe(0);
    const ev = await runCli([
      'evaluate',
      ...common,
      '--methods',
      'mfaba',
      '--metrics',
      'sparseness',
      ...pre,
      '--out',
      join(dir, 'eval'),
    ]);
    expect(ev.code, ev.stderr).toBe(0);
    const map = npyToTensor(new Uint8Array(readFileSync(join(dir, 'map.npy'))));
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const { x } = await loadInputs(images, model.inputShape, 'fashion-mnist');
      const scored = lines(join(dir, 'eval'));
      expect(scored).toHaveLength(2);
      const sparseness = getMetric('sparseness');
      for (const { sample, score } of scored) {
        const xi = sliceBatch(x, sample, sample + 1);
        const ai = sliceBatch(map, sample, sample + 1);
        const s = (await sparseness.evaluate(model, xi, ai, { target: 'predicted' })).scores[0]!;
        expect(score).toBeCloseTo(s, 6);
        // Without the domain MFABA takes other steps: the test can tell the two apart.
        const blind = await getMethod('mfaba').explain(model, xi, { target: 'predicted' });
        const sb = (await sparseness.evaluate(model, xi, blind, { target: 'predicted' }))
          .scores[0]!;
        expect(Math.abs(sb - s)).toBeGreaterThan(1e-3);
      }
    } finally {
      await model.dispose();
    }
  }, 180_000);
});
