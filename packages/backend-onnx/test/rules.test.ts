import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { directionalCheck, spread } from './helpers/directional.js';
import { gapReport } from './helpers/report-gaps.js';
import { tinyModel } from './helpers/tiny-model.js';
import { allCases as cases } from './rule-cases/all.js';

describe('derivative rules against central differences', () => {
  const record = gapReport();

  it.each(cases)(
    '$name',
    async (c) => {
      const model = await loadOnnxModel(
        tinyModel(c.sample, c.body, { flatten: c.flatten, opset: c.opset }),
      );
      try {
        const x = spread([3, ...c.sample], 11, c.gap ?? 0.05);
        const r = await directionalCheck(model, x, { seed: 5, step: c.step ?? 2e-3 });
        record(c.name, r);
        expect(r.vjpVsJvp).toBeLessThan(1e-5);
        expect(r.jvpVsFd).toBeLessThan(c.tol ?? 1e-3);
        expect(r.vjpVsFd).toBeLessThan(c.tol ?? 1e-3);
      } finally {
        await model.dispose();
      }
      // Unrolled recurrent graphs take seconds to build on a loaded machine.
    },
    60_000,
  );
});
