import type { Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { removalDrops } from './removal-drops.js';
import { probeEachSample } from './sample-probe.js';

// Logits [w . x, -(w . x)] on 2x2 single-channel images: every score has a closed form.
const w = [4, -3, 2, 1];
const model = () =>
  linearModel([1, 2, 2], Float64Array.from([...w, ...w.map((v) => -v)]), new Float64Array(2));
const x: Tensor = { data: Float32Array.from([1, 2, 3, 4, -1, -2, -3, -4]), shape: [2, 1, 2, 2] };
const dot = (v: ArrayLike<number>) => w.reduce((s, wi, i) => s + wi * v[i]!, 0);

describe('probeEachSample', () => {
  it("resolves 'predicted' once, then scores each sample's variants in batches under the bound", async () => {
    const m = model();
    const seen: Array<{ b: number; target: number; f: number[] }> = [];
    const scores = await probeEachSample(
      m,
      x,
      'logit',
      { target: 'predicted', maxBatchSize: 2 },
      async (probe) => {
        // Variant i adds i to pixel 0, so the logit of class 0 grows by 4 i and of class 1 falls.
        const make = (i: number, image: Float32Array) => {
          image[0]! += i;
        };
        const f = await probe.scoreVariants(5, make);
        seen.push({ b: probe.b, target: probe.target, f: Array.from(f) });
        return probe.b + 10;
      },
    );
    expect(Array.from(scores)).toEqual([10, 11]);
    // Sample 0: w . x = 4 - 6 + 6 + 4 = 8 > 0, class 0; sample 1: class 1 (logit 8).
    expect(seen).toEqual([
      { b: 0, target: 0, f: [8, 12, 16, 20, 24] },
      { b: 1, target: 1, f: [8, 4, 0, -4, -8] },
    ]);
    // One pass for the targets (2 samples, bound 2), then ceil(5 / 2) = 3 per sample.
    expect(m.calls.forward).toBe(1 + 3 + 3);
  });

  it('gives the logits of the variants, and takes given targets without a pass', async () => {
    const m = model();
    await probeEachSample(m, x, 'probability', { target: [1, 0] }, async (probe) => {
      const logits = await probe.variantLogits(2, (i, image) => image.fill(i));
      expect(logits.shape).toEqual([2, 2]);
      expect(Array.from(logits.data)).toEqual([0, 0, 4, -4]); // sum(w) = 4
      const p = await probe.scoreVariants(1, () => {});
      const z = dot(probe.sample.data) * (probe.target === 0 ? 1 : -1);
      expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-2 * z)), 6);
      return 0;
    });
    expect(m.calls.forward).toBe(2 * 2); // no targets pass; two variant calls per sample
  });
});

describe('removalDrops', () => {
  it('gives each group its summed attribution and the score drop of removing it alone', async () => {
    const groups = [Int32Array.from([0, 3]), Int32Array.from([1]), Int32Array.from([2, 1])];
    const pixels = Float64Array.from([0.5, -1, 2, 3]);
    const asked: number[] = [];
    const one: Tensor = { data: x.data.slice(0, 4), shape: [1, 1, 2, 2] };
    await probeEachSample(model(), one, 'logit', { target: 0 }, async (probe) => {
      const r = await removalDrops(probe, pixels, 0.5, 3, (g) => {
        asked.push(g);
        return groups[g]!;
      });
      expect(Array.from(r.sums)).toEqual([3.5, -1, 1]);
      // drop = sum over the group of w_p (x_p - 0.5), x = [1, 2, 3, 4].
      const want = [4 * 0.5 + 1 * 3.5, -3 * 1.5, 2 * 2.5 - 3 * 1.5];
      for (const [g, d] of want.entries()) expect(r.drops[g]).toBeCloseTo(d, 5);
      return 0;
    });
    expect(asked).toEqual([0, 1, 2]);
  });

  it('sets removed pixels to a baseline tensor, channel by channel', async () => {
    const baseline: Tensor = { data: Float32Array.from([9, 9, 9, -1]), shape: [1, 2, 2] };
    const one: Tensor = { data: x.data.slice(0, 4), shape: [1, 1, 2, 2] };
    await probeEachSample(model(), one, 'logit', { target: 0 }, async (probe) => {
      const r = await removalDrops(probe, new Float64Array(4), baseline, 1, () =>
        Int32Array.from([3]),
      );
      expect(r.drops[0]).toBeCloseTo(1 * (4 - -1), 5);
      return 0;
    });
  });
});
