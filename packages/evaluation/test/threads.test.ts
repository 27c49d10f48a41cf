// The same evaluation with ONNX Runtime on 1 and on 2 intra-op threads: another thread count
// may sum in another order, so the scores may differ in their last bits, but no more than
// float rounding (1e-6 relative, as the issue on distributed runs promises for workers
// whose thread settings differ). A seeded method (RISE) and a gradient one (IG) are scored
// by a curve metric and a map-only one.
import { loadOnnxModel } from '@xai/backend-onnx';
import { sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { integratedGradients, rise } from '@xai/methods';
import { deletion, sparseness } from '@xai/metrics';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../src/node/hash-file.js';
import { evaluate } from '../src/run/evaluate.js';

describe('evaluate across thread counts', () => {
  it('gives scores within 1e-6 relative with 1 and with 2 ONNX Runtime threads', async () => {
    const path = fixtureModelPath('resnet');
    const plan = {
      modelHash: await hashFile(path),
      inputs: sliceBatch(loadFixtureInputs(), 0, 3),
      targets: Array.from(loadFixtureLabels()).slice(0, 3),
      methods: [
        { method: rise, options: { masks: 200 } },
        { method: integratedGradients, options: { steps: 16 } },
      ],
      metrics: [{ metric: deletion, options: { pixelsPerStep: 56 } }, sparseness],
      seed: 7,
    };
    const scores: number[][] = [];
    for (const threads of [1, 2]) {
      const model = await loadOnnxModel(path, { threads });
      try {
        const r = await evaluate({ ...plan, model });
        scores.push(r.records.map((rec) => rec.score));
      } finally {
        await model.dispose();
      }
    }
    const [one, two] = scores as [number[], number[]];
    expect(one).toHaveLength(3 * 2 * 2);
    for (const [i, a] of one.entries()) {
      const b = two[i]!;
      expect(Number.isFinite(a)).toBe(true);
      expect(Math.abs(a - b), `record ${i}: ${a} vs ${b}`).toBeLessThanOrEqual(
        1e-6 * Math.max(Math.abs(a), Math.abs(b), 1e-12),
      );
    }
  }, 120_000);
});
