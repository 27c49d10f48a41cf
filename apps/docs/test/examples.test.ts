/** Every example on the site is a real file; these run them on the embedded fixtures. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { evaluateFixtures } from '../../../docs/examples/evaluate-library.js';
import { predict } from '../../../docs/examples/predict.js';

describe('docs/examples', () => {
  it('predict.ts classifies a fixture image correctly', async () => {
    const inputs = loadFixtureInputs();
    const labels = loadFixtureLabels();
    const r = await predict(fixtureModelPath('cnn'), inputs.data.slice(0, 784));
    expect(r.inputShape).toEqual([1, 28, 28]);
    expect(r.numClasses).toBe(10);
    expect(r.predicted).toBe(labels[0]);
    expect(r.probability).toBeGreaterThan(0.5);
    expect(r.probability).toBeLessThanOrEqual(1);
  });

  it('evaluate-library.ts scores two methods and reuses its results on a second call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-docs-eval-'));
    const first = await evaluateFixtures(dir, 2);
    expect(first).toMatchObject({ explained: 4, computed: 8, reused: 0 });
    expect(first.table.saliency!.sparseness!.n).toBe(2);
    const again = await evaluateFixtures(dir, 3);
    expect(again).toMatchObject({ computed: 4, reused: 8 });
    expect(again.records.filter((r) => r.sample < 2).map((r) => r.score)).toEqual(
      first.records.map((r) => r.score),
    );
  }, 60_000);
});
