import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import { jsKernels } from './js-kernels/index.js';
import { perturbUnitMasks } from './perturb-unit-masks.js';
import { assertFinite } from './tensor.js';

const x = { data: Float32Array.from([3.4e38, -1, 0.5, 2]), shape: [1, 2, 2] };
const masks = { data: Float32Array.from([1, 0, 0.25, 1, 0, 0, 1, 0.5]), shape: [2, 2, 2] };

describe('perturbUnitMasks', () => {
  it('gives perturb’s batch, bit for bit', async () => {
    for (const baseline of [
      0,
      -3.4e38,
      { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 2, 2] },
    ]) {
      const args = { x, baseline, masks };
      expect(await perturbUnitMasks(jsKernels, args)).toEqual(await jsKernels.perturb(args));
    }
  });

  it('marks the batch finite, so the input check no longer scans it', async () => {
    const batch = await perturbUnitMasks(jsKernels, { x, baseline: -3.4e38, masks });
    assertFinite(batch, 'the batch'); // the extreme blend stays finite, as the mark claims
    batch.data[3] = Number.NaN; // only the library's own code could do this before a forward
    expect(() => assertFinite(batch, 'the batch')).not.toThrow();
  });

  it('leaves a baseline that is no finite float32 to the check', async () => {
    const batch = await perturbUnitMasks(jsKernels, { x, baseline: 1e300, masks });
    expect(() => assertFinite(batch, 'the batch')).toThrow(/received NaN at flat index 0/);
  });

  it('keeps the mark out of the package, so a user’s array is always scanned', async () => {
    expect('markFinite' in core).toBe(false);
    const plain = await jsKernels.perturb({ x, baseline: 0, masks });
    plain.data[0] = Number.NaN;
    expect(() => assertFinite(plain, 'the batch')).toThrow(/NaN at flat index 0/);
  });
});
