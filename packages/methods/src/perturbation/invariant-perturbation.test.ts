import type { Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { invariantPerturbation } from './invariant-perturbation.js';

// Class 0 keeps winning in the box [-w, w] around x = 1 iff 1.5 - 3 w0 - 0.5 w2 >= 0 (its
// worst corner): the maximal box is w1 = w3 = C = 1 (irrelevant features), w2 = 1 and
// w0 = 1/3, so feature 0 matters most.
const a = [3, 0, 0.5, 0];
const model = linearModel(
  [1, 1, 4],
  Float64Array.from([...a, 0, 0, 0, 0]),
  Float64Array.from([-2, 0]),
);
const x: Tensor = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 1, 1, 4] };
const options = { target: 0, lambda: 50, steps: 400, learningRate: 0.01, seed: 3 } as const;

describe('invariant perturbation', () => {
  it("finds the linear model's maximal box: irrelevant features free, the heaviest feature tightest", async () => {
    const s = await invariantPerturbation.explain(model, x, options);
    const w = Array.from(s.data, (v) => -v);
    expect(w[1]).toBeCloseTo(1, 6);
    expect(w[3]).toBeCloseTo(1, 6);
    expect(w[0]).toBeLessThan(w[2]!);
    expect(w[0]).toBeGreaterThan(0.2);
    expect(w[0]).toBeLessThan(0.5);
    // The box nearly keeps the decision at its worst corner.
    expect(1.5 - 3 * w[0]! - 0.5 * w[2]!).toBeGreaterThan(-0.15);
    expect(s.data.indexOf(Math.max(...s.data))).toBe(0);
  });

  it('stays in [-C, 0], is deterministic per seed, and rejects bad options', async () => {
    const one = await invariantPerturbation.explain(model, x, {
      ...options,
      steps: 20,
      upperBound: 0.5,
    });
    const two = await invariantPerturbation.explain(model, x, {
      ...options,
      steps: 20,
      upperBound: 0.5,
    });
    expect(Array.from(one.data)).toEqual(Array.from(two.data));
    for (const v of one.data) {
      expect(v).toBeLessThanOrEqual(0);
      expect(v).toBeGreaterThanOrEqual(-0.5);
    }
    await expect(
      invariantPerturbation.explain(model, x, { target: 0, samples: 0 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('reference-code: the hinge on probabilities, 500 steps, lambda 100 d / K; bad hinge rejected', async () => {
    const steps: number[] = [];
    await invariantPerturbation.explain(model, x, {
      target: 0,
      preset: 'reference-code',
      samples: 2,
      onProgress: (e) => steps.push(e.done),
    });
    expect(steps.length).toBe(500);
    // With lambda given, the two presets differ only in the hinge (and steps, set equal here).
    const common = { ...options, steps: 400 };
    const probs = await invariantPerturbation.explain(model, x, {
      ...common,
      preset: 'reference-code',
    });
    const same = await invariantPerturbation.explain(model, x, {
      ...common,
      hinge: 'probabilities',
    });
    const logits = await invariantPerturbation.explain(model, x, common);
    expect(Array.from(probs.data)).toEqual(Array.from(same.data));
    expect(Array.from(probs.data)).not.toEqual(Array.from(logits.data));
    await expect(
      invariantPerturbation.explain(model, x, { target: 0, hinge: 'softmax' as never }),
    ).rejects.toThrow(
      /Expected one of 'logits', 'probabilities' for option 'hinge' of 'invariant-perturbation' but received 'softmax'/,
    );
  });
});
