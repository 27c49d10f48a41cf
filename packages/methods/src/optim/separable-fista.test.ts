import { createRng } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { fista, type SmoothFunction } from './fista.js';
import { type SeparableProblem, separableFista } from './separable-fista.js';
import { softThreshold } from './soft-threshold.js';

/** The same problems through the generic solver, f and its gradient written out. */
async function generic(problems: readonly SeparableProblem[], iterations: number, step: number) {
  const f: SmoothFunction = async (ids, points) => {
    const values = new Float64Array(ids.length);
    const grads = points.map((x, i) => {
      const { g, l2 } = problems[ids[i]!]!;
      const grad = new Float64Array(x.length);
      for (let j = 0; j < x.length; j++) {
        values[i]! += -g[j]! * x[j]! + l2 * x[j]! * x[j]!;
        grad[j] = -g[j]! + 2 * l2 * x[j]!;
      }
      return grad;
    });
    return { values, grads };
  };
  return fista(
    f,
    problems.map((p) => new Float64Array(p.g.length)),
    {
      prox: (v, s, p) => softThreshold(v, s * problems[p]!.l1, v),
      nonSmooth: (x, p) => problems[p]!.l1 * x.reduce((a, v) => a + Math.abs(v), 0),
      iterations,
      step,
      quadratic: true,
    },
  );
}

function randomProblems(seed: number, n: number): SeparableProblem[] {
  const rng = createRng(seed, 3);
  const g = Float64Array.from({ length: n }, () => rng.normal() * 0.01);
  // lambda2 from small (no backtracking at step 0.1) to large (several reductions).
  return [
    { g, l2: 2, l1: 1e-4 },
    { g, l2: 12, l1: 1e-3 },
    { g, l2: 500, l1: 1e-2 },
    { g, l2: 30, l1: 1 }, // lambda1 above max |g|: x stays 0
  ];
}

describe('separableFista', () => {
  it('takes the iterates, steps and counts of the generic FISTA on the same problems', async () => {
    for (const [seed, iterations, step] of [
      [1, 10, 0.1],
      [2, 25, 0.1],
      [3, 10, 1],
    ] as const) {
      const problems = randomProblems(seed, 500);
      const want = await generic(problems, iterations, step);
      const got = separableFista(problems, { iterations, step });
      expect(got.calls).toBe(want.calls);
      expect(got.backtrackRounds).toBe(want.backtrackRounds);
      expect(got.backtracks).toBe(want.backtracks);
      expect(got.backtrackRounds).toBeGreaterThan(0);
      problems.forEach((_, p) => {
        const scale = Math.max(...want.x[p]!.map(Math.abs), 1e-300);
        for (let j = 0; j < 500; j++) {
          expect(Math.abs(got.x[p]![j]! - want.x[p]![j]!)).toBeLessThanOrEqual(1e-12 * scale);
        }
        expect(got.smooth[p]).toBeCloseTo(want.smooth[p]!, 12);
      });
      expect(Array.from(got.x[3]!).every((v) => v === 0)).toBe(true);
    }
  });

  it('converges to the closed-form minimiser soft(g, l1) / (2 l2)', () => {
    const [p] = randomProblems(4, 200);
    const { x } = separableFista([p!], { iterations: 300 });
    const want = softThreshold(p!.g, p!.l1).map((v) => v / (2 * p!.l2));
    for (let j = 0; j < 200; j++) expect(x[0]![j]).toBeCloseTo(want[j]!, 10);
  });

  it('reports progress per iteration and stops with ABORTED when the signal fires', () => {
    const seen: number[] = [];
    separableFista(randomProblems(5, 10), { iterations: 4, onIteration: (d) => seen.push(d) });
    expect(seen).toEqual([1, 2, 3, 4]);
    const controller = new AbortController();
    controller.abort();
    expect(() =>
      separableFista(randomProblems(5, 10), { iterations: 4, signal: controller.signal }),
    ).toThrow(expect.objectContaining({ code: 'ABORTED' }));
  });
});
