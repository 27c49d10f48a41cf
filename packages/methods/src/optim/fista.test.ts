import { createRng } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { fista, type SmoothFunction } from './fista.js';
import { softThreshold } from './soft-threshold.js';

/** A LASSO `1/2 ||A x - b||^2 + lambda ||x||_1` with A = c H, H a Householder reflection. */
function lasso(n: number, c: number, lambda: number, seed: number) {
  const rng = createRng(seed, 7);
  const u = Float64Array.from({ length: n }, () => rng.normal());
  const b = Float64Array.from({ length: n }, () => rng.normal() * 2);
  const uu = u.reduce((s, v) => s + v * v, 0);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) A[i * n + j] = c * ((i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / uu);
  }
  const mul = (x: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i]! += A[i * n + j]! * x[j]!;
    return out;
  };
  let calls = 0;
  // f(x) = 1/2 ||A x - b||^2, grad A^T (A x - b); A is symmetric.
  const f: SmoothFunction = async (_problems, points) => {
    calls++;
    const values: number[] = [];
    const grads = points.map((x) => {
      const r = mul(x).map((v, i) => v - b[i]!);
      values.push(0.5 * r.reduce((s, v) => s + v * v, 0));
      return mul(r);
    });
    return { values, grads };
  };
  // A^T A = c^2 I, so the minimiser is soft(A^T b, lambda) / c^2.
  const solution = softThreshold(mul(b), lambda).map((v) => v / (c * c));
  const F = (x: Float64Array) => {
    const r = mul(x).map((v, i) => v - b[i]!);
    return 0.5 * r.reduce((s, v) => s + v * v, 0) + lambda * x.reduce((s, v) => s + Math.abs(v), 0);
  };
  return {
    f,
    solution,
    F,
    calls: () => calls,
    prox: (v: Float64Array, step: number) => softThreshold(v, step * lambda),
    nonSmooth: (x: Float64Array) => lambda * x.reduce((s, v) => s + Math.abs(v), 0),
  };
}

describe('fista', () => {
  it('reaches the closed-form LASSO solution of an orthogonal design, with backtracking', async () => {
    const problem = lasso(12, 5, 1.5, 3);
    const result = await fista(problem.f, [new Float64Array(12)], {
      ...problem,
      iterations: 300,
    });
    // L = 25 > 1 / 0.1: the step had to shrink below 1 / L.
    expect(result.steps[0]).toBeLessThanOrEqual(1 / 25);
    for (let i = 0; i < 12; i++) expect(result.x[0]![i]).toBeCloseTo(problem.solution[i]!, 8);
    expect(result.objective[0]).toBeCloseTo(problem.F(problem.solution), 8);
    // Some coordinates are exactly zero (the design makes the solution sparse).
    expect(problem.solution.some((v) => v === 0)).toBe(true);
    for (let i = 0; i < 12; i++) {
      if (problem.solution[i] === 0) expect(result.x[0]![i]).toBe(0);
    }
  });

  it('meets the O(1/k^2) bound of Beck and Teboulle (Theorem 4.4) at every iteration', async () => {
    const problem = lasso(10, 4, 0.8, 5);
    const result = await fista(problem.f, [new Float64Array(10)], { ...problem, iterations: 60 });
    const fStar = problem.F(problem.solution);
    const r0 = problem.solution.reduce((s, v) => s + v * v, 0);
    const h = result.history[0]!;
    for (let k = 1; k < h.length; k++) {
      expect(h[k]! - fStar).toBeLessThanOrEqual(
        (2 * r0) / (result.steps[0]! * (k + 1) ** 2) + 1e-9,
      );
    }
    expect(h[h.length - 1]!).toBeLessThan(h[0]!);
  });

  it('the monotone variant never increases the objective', async () => {
    const problem = lasso(10, 6, 0.3, 9);
    const result = await fista(problem.f, [new Float64Array(10)], {
      ...problem,
      iterations: 80,
      monotone: true,
    });
    const h = result.history[0]!;
    for (let k = 1; k < h.length; k++) expect(h[k]!).toBeLessThanOrEqual(h[k - 1]! + 1e-12);
    for (let i = 0; i < 10; i++) expect(result.x[0]![i]).toBeCloseTo(problem.solution[i]!, 6);
  });

  it('the quadratic shortcut gives the same iterates with fewer evaluations', async () => {
    const a = lasso(8, 5, 0.5, 11);
    const b = lasso(8, 5, 0.5, 11);
    for (const monotone of [false, true]) {
      const plain = await fista(a.f, [new Float64Array(8)], { ...a, iterations: 25, monotone });
      const quad = await fista(b.f, [new Float64Array(8)], {
        ...b,
        iterations: 25,
        monotone,
        quadratic: true,
      });
      for (let i = 0; i < 8; i++) expect(quad.x[0]![i]).toBeCloseTo(plain.x[0]![i]!, 9);
      expect(quad.evaluations).toBeLessThan(plain.evaluations);
    }
  });

  it('recycles its buffers without changing a result: f filling them = f allocating', async () => {
    for (const quadratic of [false, true]) {
      for (const monotone of [false, true]) {
        const a = lasso(9, 4, 0.3, 5);
        // The same f, writing its gradients into the buffers FISTA lends it.
        const lending: SmoothFunction = async (ids, points, out) => {
          const r = await a.f(ids, points);
          const grads = r.grads.map((g, i) => {
            out![i]!.set(g);
            return out![i]!;
          });
          return { values: r.values, grads };
        };
        const options = {
          ...a,
          prox: (v: Float64Array, step: number) => softThreshold(v, step * 0.3, v),
          iterations: 30,
          monotone,
          quadratic,
        };
        const own = await fista(a.f, [new Float64Array(9), new Float64Array(9)], options);
        const lent = await fista(lending, [new Float64Array(9), new Float64Array(9)], options);
        for (let p = 0; p < 2; p++) {
          expect(Array.from(lent.x[p]!)).toEqual(Array.from(own.x[p]!));
          expect(Array.from(lent.history[p]!)).toEqual(Array.from(own.history[p]!));
        }
        expect(lent.evaluations).toBe(own.evaluations);
      }
    }
  });

  it('solves several problems in lockstep, one call of f per trial for all of them', async () => {
    const problems = [lasso(6, 5, 0.2, 1), lasso(6, 5, 0.2, 1)];
    let calls = 0;
    const f: SmoothFunction = async (ids, points) => {
      calls++;
      return problems[0]!.f(ids, points);
    };
    const lambdas = [0.2, 1e6];
    const result = await fista(f, [new Float64Array(6), new Float64Array(6)], {
      prox: (v, step, p) => softThreshold(v, step * lambdas[p]!),
      nonSmooth: (x, p) => lambdas[p]! * x.reduce((s, v) => s + Math.abs(v), 0),
      iterations: 200,
      quadratic: true,
    });
    for (let i = 0; i < 6; i++) expect(result.x[0]![i]).toBeCloseTo(problems[0]!.solution[i]!, 8);
    expect(Array.from(result.x[1]!)).toEqual(new Array(6).fill(0));
    expect(calls).toBeLessThan(result.evaluations);
  });

  it('reports its calls of f: 1 + iterations + backtracking rounds (+ iterations - 1 extrapolations unless quadratic)', async () => {
    for (const quadratic of [true, false]) {
      const problem = lasso(10, 5, 0.5, 4);
      const iterations = 12;
      const result = await fista(problem.f, [new Float64Array(10)], {
        ...problem,
        iterations,
        quadratic,
      });
      // L = 25 against a first step of 0.1: the step must shrink, so there are backtracks.
      expect(result.backtrackRounds).toBeGreaterThan(0);
      expect(result.backtracks).toBe(result.backtrackRounds); // one problem
      expect(result.calls).toBe(problem.calls());
      expect(problem.calls()).toBe(
        1 + iterations + result.backtrackRounds + (quadratic ? 0 : iterations - 1),
      );
    }
  });

  it('stops on an aborted signal', async () => {
    const problem = lasso(4, 1, 0.1, 2);
    const controller = new AbortController();
    controller.abort();
    await expect(
      fista(problem.f, [new Float64Array(4)], { ...problem, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
