/**
 * One generated page per registered metric; a new metric without its page, or a page
 * that no longer matches the registry and the source's doc comment, fails here. The
 * example runs for every metric on fixture images.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';
import { score } from '../../../docs/examples/metrics/score.js';

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
const script = fileURLToPath(new URL('../scripts/metric-pages.mjs', import.meta.url));

// Cheaper settings where the defaults cost thousands of passes (the pages show the defaults).
const cheaper: Record<string, Record<string, unknown>> = {
  'faithfulness-correlation': { runs: 10 },
  'faithfulness-estimate': { featuresInStep: 28 },
  monotonicity: { featuresInStep: 28 },
  'monotonicity-correlation': { samples: 2, featuresInStep: 56 },
  'sensitivity-n': { subsets: 5, sizes: 3 },
  'road-morf': { percentages: [10, 50, 90] },
  'road-lerf': { percentages: [10, 50, 90] },
  'non-sensitivity': { samples: 1 },
  'relative-input-stability': { samples: 4 },
  'relative-output-stability': { samples: 4 },
  'relative-representation-stability': { samples: 4 },
  'smooth-mprt': { samples: 2 },
  'top-k-intersection': { k: 100 },
  continuity: { steps: 3 },
  infidelity: { samples: 20 },
};

describe('metric pages', () => {
  it('every registered metric has a page with the sections the issue asks for', () => {
    for (const m of metrics) {
      const file = path.join(docs, 'metrics', `${m.name}.md`);
      expect(
        existsSync(file),
        `${m.name}.md (node apps/docs/scripts/metric-pages.mjs --write)`,
      ).toBe(true);
      const text = readFileSync(file, 'utf8');
      for (const heading of [
        '## Definition',
        '## Cost in model passes',
        '## Defaults',
        '## Example',
      ])
        expect(text, `${m.name}.md: ${heading}`).toContain(heading);
      expect(text).toContain(m.higherIsBetter ? '**higher is better**' : '**lower is better**');
      expect(text).not.toContain('(missing)');
    }
  });

  it('the pages are up to date (node apps/docs/scripts/metric-pages.mjs --write)', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('the example scores fixture images with every metric', async () => {
    // Two images each of classes 0 and 1 (focus needs partners), masks where the garment is.
    const inputs = loadFixtureInputs();
    const labels = Array.from(loadFixtureLabels());
    const picks = [0, 1, 10, 11];
    const data = new Float32Array(4 * 784);
    for (const [i, p] of picks.entries())
      data.set(inputs.data.subarray(p * 784, (p + 1) * 784), i * 784);
    const x: Tensor = { data, shape: [4, 1, 28, 28] };
    const masks: Tensor = { data: data.map((v) => (v > 0.5 ? 1 : 0)), shape: x.shape };
    const boxes = picks.map(() => [[4, 4, 23, 23]]);
    for (const m of metrics) {
      const extra = {
        ...cheaper[m.name],
        ...('masks' in m.defaults ? { masks } : {}),
        ...('boxes' in m.defaults ? { boxes } : {}),
      };
      const r = await score(
        fixtureModelPath('cnn'),
        m.name,
        x,
        picks.map((p) => labels[p]!),
        extra,
      );
      expect(r.scores.length, m.name).toBe(4);
      if (m.name !== 'pic')
        for (const s of r.scores) expect(Number.isFinite(s), `${m.name}: ${s}`).toBe(true);
    }
  }, 600_000);
});
