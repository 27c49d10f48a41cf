import { describe, expect, it } from 'vitest';
import { armijoBacktracking, armijoHolds } from './line-search.js';

const options = { beta: 1e-4, decay: 0.2, maxStep: 200, minStep: 1e-5 };

/** F(m) = Σ (m_i - c_i)^2 on the box [0, 1], and the projected trial point. */
const c = [0.3, 0.8, 0.1];
const F = (m: readonly number[]) => m.reduce((a, v, i) => a + (v - c[i]!) ** 2, 0);
const project = (m: readonly number[], d: readonly number[], a: number) =>
  m.map((v, i) => Math.min(1, Math.max(0, v - a * d[i]!)));

describe('armijoBacktracking', () => {
  it('returns the first step of alpha_u·eta^j that satisfies eq. 8, and it does', async () => {
    const m0 = [1, 1, 1];
    const grad = m0.map((v, i) => 2 * (v - c[i]!));
    const scaled = grad.map((g) => 3 * g); // an integrated-gradient-like rescaling of the gradient
    const problems = [grad, scaled].map((d) => ({
      value: F(m0),
      directionNormSq: d.reduce((a, v) => a + v * v, 0),
    }));
    const dirs = [grad, scaled];
    let calls = 0;
    const results = await armijoBacktracking(
      problems,
      async (indices, steps) => {
        calls++;
        return indices.map((i, j) => F(project(m0, dirs[i]!, steps[j]!)));
      },
      { ...options, beta: 0.1 }, // large enough that alpha_u fails and the search backtracks
    );
    for (const [i, r] of results.entries()) {
      expect(r.satisfied).toBe(true);
      // Independently: the condition holds at the step, and failed at the step before it.
      const lhs = F(project(m0, dirs[i]!, r.step)) - F(m0);
      expect(lhs).toBeLessThanOrEqual(-r.step * 0.1 * problems[i]!.directionNormSq);
      expect(r.value).toBeCloseTo(F(project(m0, dirs[i]!, r.step)), 12);
      const previous = r.step / 0.2;
      expect(r.trials).toBeGreaterThan(1);
      const before = F(project(m0, dirs[i]!, previous)) - F(m0);
      expect(before).toBeGreaterThan(-previous * 0.1 * problems[i]!.directionNormSq);
      expect(r.step).toBeCloseTo(200 * 0.2 ** (r.trials - 1), 9);
    }
    // Both problems are evaluated together in each trial round.
    expect(calls).toBe(Math.max(...results.map((r) => r.trials)));
  });

  it('stops at alpha_l, unsatisfied, when -d is not a descent direction', async () => {
    const m0 = [0.5, 0.5, 0.5];
    const d = m0.map((v, i) => -2 * (v - c[i]!)); // the ascent direction
    const [r] = await armijoBacktracking(
      [{ value: F(m0), directionNormSq: d.reduce((a, v) => a + v * v, 0) }],
      async (_, steps) => [F(project(m0, d, steps[0]!))],
      options,
    );
    expect(r!.satisfied).toBe(false);
    expect(r!.step).toBe(1e-5);
  });

  it('armijoHolds is eq. 8', () => {
    expect(armijoHolds(1, 0.5, 2, 0.1, 2)).toBe(true); // -0.5 <= -0.4
    expect(armijoHolds(1, 0.7, 2, 0.1, 2)).toBe(false); // -0.3 > -0.4
  });
});
