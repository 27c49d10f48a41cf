import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, npyToTensor } from '@xai/core';
import { fixtureModelPath, fixturePath } from '@xai/fixtures';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Cheaper settings for the metrics whose defaults cost thousands of passes; the rest run
// with their defaults. A metric added to the registry is run here without any change.
const cheaper: Record<string, string[]> = {
  'faithfulness-correlation': ['runs=10', 'subsetSize=50'],
  'faithfulness-estimate': ['featuresInStep=28'],
  monotonicity: ['featuresInStep=28'],
  'monotonicity-correlation': ['samples=2', 'featuresInStep=56'],
  'sensitivity-n': ['subsets=5', 'sizes=3'],
  'road-morf': ['percentages=[10,50,90]'],
  'road-lerf': ['percentages=[10,50,90]'],
  'non-sensitivity': ['samples=1'],
  'relative-input-stability': ['samples=4'],
  'relative-output-stability': ['samples=4'],
  'relative-representation-stability': ['samples=4'],
  'smooth-mprt': ['samples=2'],
  'top-k-intersection': ['k=100'],
  continuity: ['steps=3'],
};

describe('xai evaluate runs every registered metric', () => {
  it('gives each metric a score per sample, with masks from --masks and mosaics from the set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-catalogue-'));
    // Two samples each of classes 0 and 1: every sample can fill a focus mosaic.
    const all = npyToTensor(new Uint8Array(readFileSync(fixturePath('inputs.npy'))));
    const picks = [0, 1, 10, 11];
    const D = 28 * 28;
    const x = new Float32Array(picks.length * D);
    for (const [i, p] of picks.entries()) x.set(all.data.subarray(p * D, (p + 1) * D), i * D);
    const masks = x.map((v) => (v > 0.5 ? 1 : 0));
    writeFileSync(join(dir, 'x.npy'), encodeNpy({ data: x, shape: [4, 1, 28, 28] }));
    writeFileSync(join(dir, 'masks.npy'), encodeNpy({ data: masks, shape: [4, 1, 28, 28] }));
    writeFileSync(join(dir, 'labels.json'), JSON.stringify([0, 0, 1, 1]));
    const set = Object.entries(cheaper).flatMap(([m, kv]) =>
      kv.flatMap((s) => ['--set', `${m}.${s}`]),
    );
    const r = await runCli(
      [
        'evaluate',
        '--model',
        fixtureModelPath('cnn'),
        '--input',
        join(dir, 'x.npy'),
        '--labels',
        join(dir, 'labels.json'),
        '--masks',
        join(dir, 'masks.npy'),
        '--methods',
        'gradient',
        '--metrics',
        metrics.map((m) => m.name).join(','),
        ...set,
        '--out',
        join(dir, 'out'),
        '--json',
      ],
      600_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const records = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sample: number; metric: string; score: number | null });
    expect(records).toHaveLength(4 * metrics.length);
    for (const m of metrics) {
      const mine = records.filter((r) => r.metric === m.name);
      expect(mine.map((r) => r.sample).sort(), m.name).toEqual([0, 1, 2, 3]);
      // PIC documents NaN (null in JSON) for samples it cannot score; the rest are numbers.
      if (m.name !== 'pic') for (const r of mine) expect(typeof r.score, m.name).toBe('number');
    }
  }, 600_000);
});
