/** The quadrature rules against known nodes and exact integrals. */
import { describe, expect, it } from 'vitest';
import { gaussLegendre, quadrature, quadratureRules } from './quadrature.js';

/** Known Gauss–Legendre nodes and weights on [-1, 1] (Abramowitz and Stegun, table 25.4). */
const known: Array<Array<[number, number]>> = [
  [[0, 2]],
  [
    [-1 / Math.sqrt(3), 1],
    [1 / Math.sqrt(3), 1],
  ],
  [
    [-Math.sqrt(3 / 5), 5 / 9],
    [0, 8 / 9],
    [Math.sqrt(3 / 5), 5 / 9],
  ],
  (() => {
    const a = Math.sqrt(3 / 7 - (2 / 7) * Math.sqrt(6 / 5));
    const b = Math.sqrt(3 / 7 + (2 / 7) * Math.sqrt(6 / 5));
    const wa = (18 + Math.sqrt(30)) / 36;
    const wb = (18 - Math.sqrt(30)) / 36;
    return [
      [-b, wb],
      [-a, wa],
      [a, wa],
      [b, wb],
    ] as Array<[number, number]>;
  })(),
  (() => {
    const a = Math.sqrt(5 - 2 * Math.sqrt(10 / 7)) / 3;
    const b = Math.sqrt(5 + 2 * Math.sqrt(10 / 7)) / 3;
    const wa = (322 + 13 * Math.sqrt(70)) / 900;
    const wb = (322 - 13 * Math.sqrt(70)) / 900;
    return [
      [-b, wb],
      [-a, wa],
      [0, 128 / 225],
      [a, wa],
      [b, wb],
    ] as Array<[number, number]>;
  })(),
];

describe('quadrature', () => {
  it.each([1, 2, 3, 4, 5])('gives the known %i-point Gauss-Legendre rule on [0, 1]', (n) => {
    const { nodes, weights } = gaussLegendre(n);
    known[n - 1]!.forEach(([u, w], k) => {
      expect(nodes[k]).toBeCloseTo((u + 1) / 2, 14);
      expect(weights[k]).toBeCloseTo(w / 2, 14);
    });
  });

  it('Gauss-Legendre with n nodes integrates t^(2n-1) exactly and t^(2n) not', () => {
    for (const n of [3, 8, 20, 64]) {
      const { nodes, weights } = gaussLegendre(n);
      const integral = (p: number) => nodes.reduce((s, t, k) => s + weights[k]! * t ** p, 0);
      expect(integral(2 * n - 1)).toBeCloseTo(1 / (2 * n), 13);
      // The error on t^(2n), (n!)^4 / ((2n + 1) ((2n)!)^2), is ~4e-10 at n = 8: above rounding.
      if (n <= 8) expect(Math.abs(integral(2 * n) - 1 / (2 * n + 1))).toBeGreaterThan(1e-12);
    }
  });

  it.each(quadratureRules)(
    "%s: nodes in [0, 1], increasing, weights summing to 1 ((n-1)/n for Captum's)",
    (rule) => {
      for (const steps of [2, 7, 50]) {
        const { nodes, weights } = quadrature(rule, steps);
        expect(nodes.length).toBe(steps);
        const sum = rule === 'captum-trapezoid' ? (steps - 1) / steps : 1;
        expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 13);
        for (let k = 0; k < steps; k++) {
          expect(nodes[k]).toBeGreaterThanOrEqual(0);
          expect(nodes[k]).toBeLessThanOrEqual(1);
          if (k > 0) expect(nodes[k]).toBeGreaterThan(nodes[k - 1]!);
        }
      }
    },
  );

  it('places the Riemann and trapezoid nodes where their names say', () => {
    expect([...quadrature('left', 4).nodes]).toEqual([0, 0.25, 0.5, 0.75]);
    expect([...quadrature('right', 4).nodes]).toEqual([0.25, 0.5, 0.75, 1]);
    expect([...quadrature('middle', 4).nodes]).toEqual([0.125, 0.375, 0.625, 0.875]);
    const t = quadrature('trapezoid', 5);
    expect([...t.nodes]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...t.weights]).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });

  it("captum-trapezoid is Captum's riemann_trapezoid: nodes k/(n-1), weights 1/n, ends 1/(2n), sum 0.98 at 50", () => {
    const c = quadrature('captum-trapezoid', 5);
    expect([...c.nodes]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...c.weights]).toEqual([0.1, 0.2, 0.2, 0.2, 0.1]);
    const w50 = quadrature('captum-trapezoid', 50).weights;
    expect(w50.reduce((s, v) => s + v, 0)).toBeCloseTo(0.98, 14);
    expect(w50[0]).toBe(0.01);
    expect(w50[1]).toBe(0.02);
    // Every weight is the textbook rule's times (n-1)/n.
    const t50 = quadrature('trapezoid', 50).weights;
    for (let k = 0; k < 50; k++) expect(w50[k]).toBeCloseTo((t50[k]! * 49) / 50, 15);
    expect(() => quadrature('captum-trapezoid', 1)).toThrow(
      /at least 2 for the 'captum-trapezoid' rule/,
    );
  });

  it('integrates t exactly with middle and trapezoid, with error 1/(2n) for left and right', () => {
    const integral = (rule: 'left' | 'right' | 'middle' | 'trapezoid', n: number) => {
      const { nodes, weights } = quadrature(rule, n);
      return nodes.reduce((s, t, k) => s + weights[k]! * t, 0);
    };
    expect(integral('middle', 10)).toBeCloseTo(0.5, 14);
    expect(integral('trapezoid', 10)).toBeCloseTo(0.5, 14);
    expect(integral('left', 10)).toBeCloseTo(0.5 - 1 / 20, 14);
    expect(integral('right', 10)).toBeCloseTo(0.5 + 1 / 20, 14);
  });

  it('rejects bad step counts and rules', () => {
    expect(() => quadrature('trapezoid', 1)).toThrow(/at least 2 for the 'trapezoid' rule/);
    expect(() => quadrature('right', 0)).toThrow(/at least 1 for the 'right' rule but received 0/);
    expect(() => quadrature('simpson' as 'right', 5)).toThrow(/'simpson'/);
    expect(() => gaussLegendre(2.5)).toThrow(/Gauss-Legendre/);
  });
});
