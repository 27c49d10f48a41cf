import { fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';

// A rule variant's VJP runner is cached per model and rules (load/derivative-runners.ts):
// disposing a variant leaves it for the next, other rules get their own, the root frees all.
describe('rule variants share one VJP session per set of rules', () => {
  it('gives the same map after an earlier variant was disposed, and other rules their own', async () => {
    const model = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      const x = randn([4, 1, 28, 28], 2, 0);
      const u = randn([4, model.numClasses], 2, 1);
      const first = await model.withBackwardRules!({ relu: 'guided' });
      const a = (await first.vjp(x, u)).grad;
      await first.dispose!();
      const again = await model.withBackwardRules!({ relu: 'guided' });
      const b = (await again.vjp(x, u)).grad;
      const other = await model.withBackwardRules!({ relu: 'deconvnet' });
      const c = (await other.vjp(x, u)).grad;
      const plain = (await model.vjp(x, u)).grad;
      await again.dispose!();
      await other.dispose!();
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
      expect(Array.from(plain.data)).not.toEqual(Array.from(a.data));
    } finally {
      await model.dispose();
    }
  }, 60_000);
});
