import { createRng } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { type FistaOptions, fista, type SmoothFunction } from './fista.js';
import { type SeparableProblem, separableFista } from './separable-fista.js';
import { softThreshold } from './soft-threshold.js';

/** The same problems through the generic solver, f and its gradient written out. */
async function generic(
  problems: readonly SeparableProblem[],
  iterations: number,
  step: number,
  extra: Pick<FistaOptions, 'momentum' | 'resetStep'> = {},
) {
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
      ...extra,
    },
  );
}

/**
 * The proximal loop of CASO's authors' code (explainers.py l. 313-352) written out for one
 * separable problem: V = B + (k - 2)/(k + 1) (B - B_prev), the step reset to lr every
 * iteration and halved until g(B) <= g(V) + grad_V^T (B - V) + ||B - V||^2 / (2t).
 */
function authorsLoop(p: SeparableProblem, iterations: number, lr: number): Float64Array {
  const n = p.g.length;
  const smooth = (d: Float64Array) => d.reduce((a, v, j) => a - p.g[j]! * v + p.l2 * v * v, 0);
  let B: Float64Array = new Float64Array(n);
  let prev = B;
  for (let k = 1; k <= iterations; k++) {
    const mom = (k - 2) / (k + 1);
    const V = B.map((b, j) => b + mom * (b - prev[j]!));
    const gradV = V.map((v, j) => 2 * p.l2 * v - p.g[j]!);
    const gV = smooth(V);
    prev = B;
    let t = lr;
    for (;;) {
      const next = softThreshold(
        V.map((v, j) => v - t * gradV[j]!),
        t * p.l1,
      );
      let lin = 0;
      let sq = 0;
      for (let j = 0; j < n; j++) {
        lin += gradV[j]! * (next[j]! - V[j]!);
        sq += (next[j]! - V[j]!) ** 2;
      }
      B = next;
      if (smooth(next) <= gV + lin + sq / (2 * t)) break;
      t *= 0.5;
    }
  }
  return B;
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

  it("with momentum 'k-2-over-k+1' and resetStep: the authors' loop, and the generic FISTA's iterates", async () => {
    // Runs where no sufficient-decrease test falls within FISTA's 1e-7 rounding slack (their
    // test has none; near convergence a borderline step can be accepted here and halved there).
    const extra = { momentum: 'k-2-over-k+1', resetStep: true } as const;
    const [p2, p12, p500] = randomProblems(5, 300);
    for (const [p, iterations, step] of [
      [p2!, 10, 0.05], // no backtracking: the momentum alone
      [p12!, 3, 0.05], // one halving from lr in every iteration
      [p500!, 3, 0.5], // nine halvings from lr in every iteration
    ] as const) {
      const theirs = authorsLoop(p, iterations, step);
      const got = separableFista([p], { iterations, step, ...extra });
      const want = await generic([p], iterations, step, extra);
      const plain = separableFista([p], { iterations, step });
      const scale = Math.max(...theirs.map(Math.abs));
      let differs = 0;
      for (let j = 0; j < 300; j++) {
        expect(Math.abs(got.x[0]![j]! - theirs[j]!)).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs(want.x[0]![j]! - theirs[j]!)).toBeLessThanOrEqual(1e-12 * scale);
        differs = Math.max(differs, Math.abs(plain.x[0]![j]! - theirs[j]!) / scale);
      }
      // Beck and Teboulle's momentum with the step kept lands elsewhere.
      expect(differs).toBeGreaterThan(1e-6);
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
