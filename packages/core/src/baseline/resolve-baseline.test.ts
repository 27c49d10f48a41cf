import { describe, expect, it } from 'vitest';
import { gaussianBlur } from '../blur.js';
import { jsKernels } from '../js-kernels/index.js';
import type { Tensor } from '../tensor.js';
import { UNIFORM_BASELINE_STREAM } from './baseline.js';
import { resolveBaseline, resolveBaselines } from './resolve-baseline.js';

// Two samples [2, 2, 2] with values -0.5 .. 1.0.
const x: Tensor = {
  data: Float32Array.from({ length: 16 }, (_, i) => i / 10 - 0.5),
  shape: [2, 2, 2, 2],
};
const domain = { mean: [0.5, 0.25], std: [0.5, 0.25] };

describe('resolveBaseline', () => {
  it("maps 'black' and 'white' through the domain per channel (0 and 1 without one)", () => {
    const black = resolveBaseline(x, 0, 'black', { domain }) as Tensor;
    const white = resolveBaseline(x, 1, 'white', { domain }) as Tensor;
    expect([...black.data]).toEqual([-1, -1, -1, -1, -1, -1, -1, -1]);
    expect([...white.data]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    expect(black.shape).toEqual([2, 2, 2]);
    expect([...(resolveBaseline(x, 0, 'black') as Tensor).data]).toEqual(Array(8).fill(0));
    expect([...(resolveBaseline(x, 0, 'white') as Tensor).data]).toEqual(Array(8).fill(1));
    expect(resolveBaseline(x, 0, 'zeros', { domain })).toBe(0);
  });

  it("takes 'mean' per channel and 'min' over the sample", () => {
    // Sample 1 holds 0.3 .. 1.0: channel means 0.45 and 0.85, minimum 0.3.
    const mean = resolveBaseline(x, 1, 'mean') as Tensor;
    [0.45, 0.45, 0.45, 0.45, 0.85, 0.85, 0.85, 0.85].forEach((v, i) => {
      expect(mean.data[i]).toBeCloseTo(v, 6);
    });
    expect(resolveBaseline(x, 1, 'min')).toBeCloseTo(0.3, 6);
  });

  it("blurs the sample as I-GOS does for 'blur'", () => {
    const sample = { data: x.data.slice(8), shape: [2, 2, 2] };
    expect((resolveBaseline(x, 1, 'blur') as Tensor).data).toEqual(
      gaussianBlur(sample, 11, 5).data,
    );
    const flat = { data: new Float32Array(6), shape: [2, 3] };
    expect(() => resolveBaseline(flat, 0, 'blur')).toThrow(/\[\.\.\., H, W\].*\[3\]/);
  });

  it("draws 'uniform' between the bounds, seeded, per sample, as the kernels' random does", async () => {
    const u0 = resolveBaseline(x, 0, 'uniform', { domain, seed: 1 }) as Tensor;
    const u1 = resolveBaseline(x, 1, 'uniform', { domain, seed: 1 }) as Tensor;
    expect(u0.data).toEqual((resolveBaseline(x, 0, 'uniform', { domain, seed: 1 }) as Tensor).data);
    expect(u0.data).not.toEqual(u1.data);
    const draws = await jsKernels.random({
      distribution: 'uniform',
      shape: [8],
      seed: 1,
      stream: UNIFORM_BASELINE_STREAM,
      offset: 8,
    });
    for (let i = 0; i < 8; i++) {
      const [lo, hi] = i < 4 ? [-1, 1] : [-1, 3];
      expect(u1.data[i]).toBe(Math.fround(lo + draws.data[i]! * (hi - lo)));
    }
    // Without a domain: the sample's own range, [-0.5, 0.2] for sample 0.
    const own = resolveBaseline(x, 0, 'uniform', { seed: 1 }) as Tensor;
    for (const v of own.data) {
      expect(v).toBeGreaterThanOrEqual(-0.5);
      expect(v).toBeLessThan(0.2 + 1e-7);
    }
  });

  it('takes a number or a tensor per sample or for the batch, and names the shapes it wants', () => {
    expect(resolveBaseline(x, 0, 0.25)).toBe(0.25);
    expect(() => resolveBaseline(x, 0, Number.NaN)).toThrow(
      /finite baseline value but received NaN/,
    );
    const one: Tensor = { data: new Float32Array(8).fill(2), shape: [2, 2, 2] };
    expect((resolveBaseline(x, 1, one) as Tensor).data).toEqual(one.data);
    expect((resolveBaseline(x, 1, x) as Tensor).data).toEqual(x.data.subarray(8));
    expect(() => resolveBaseline(x, 0, { data: new Float32Array(3), shape: [3] })).toThrow(
      /shape \[2, 2, 2\] \(one sample\) or \[2, 2, 2, 2\] \(the batch\) but received \[3\]/,
    );
    expect(() => resolveBaseline(x, 0, 'gray' as 'zeros')).toThrow(
      /among 'zeros', 'black', 'white', 'mean', 'min', 'blur', 'uniform', a number or a tensor but received 'gray'/,
    );
  });

  it('resolveBaselines gives one baseline a sample, in order', () => {
    const all = resolveBaselines(x, 'min');
    expect(all).toHaveLength(2);
    expect(all[0]).toBeCloseTo(-0.5, 6);
    expect(all[1]).toBeCloseTo(0.3, 6);
  });
});
