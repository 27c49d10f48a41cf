/** Every example on the site is a real file; these run them on the embedded fixtures. */
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
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
});
