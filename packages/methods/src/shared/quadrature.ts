/**
 * Quadrature rules on [0, 1] for path integrals: `steps` nodes and weights per rule, so a
 * path costs `steps` gradient evaluations.
 */
import { XaiError } from '@xai/core';

/** How the path integral over alpha in [0, 1] is approximated. */
export type QuadratureRule =
  | 'left'
  | 'right'
  | 'middle'
  | 'trapezoid'
  | 'captum-trapezoid'
  | 'gauss-legendre';

export const quadratureRules: readonly QuadratureRule[] = [
  'left',
  'right',
  'middle',
  'trapezoid',
  'captum-trapezoid',
  'gauss-legendre',
];

/** Nodes in [0, 1] and weights (summing to 1, except `captum-trapezoid`'s): `int_0^1 f ~ sum_k w_k f(t_k)`. */
export interface Quadrature {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The `steps`-point rule on [0, 1]. `left`, `right` and `middle` are Riemann sums over
 * `steps` equal intervals (nodes k/n, (k+1)/n, (k+1/2)/n; the integrated-gradients paper's
 * eq. 3 is `right`); `trapezoid` is the textbook rule, `steps` nodes at k/(steps-1) weighted
 * 1/(steps-1), ends half (needs steps >= 2). `captum-trapezoid` is Captum's
 * `riemann_trapezoid` (`captum/attr/_utils/approximation_methods.py`, `riemann_builders`): the
 * same nodes but weights 1/steps with ends 1/(2 steps), summing to (steps-1)/steps (0.98 at
 * 50 steps), so its maps are the textbook rule's times (steps-1)/steps and completeness holds
 * only to that factor; it is here to reproduce code that calls Captum. `gauss-legendre` is
 * exact for polynomials of degree up to 2 steps - 1 (Captum's default `gausslegendre`).
 */
export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  const min = rule === 'trapezoid' || rule === 'captum-trapezoid' ? 2 : 1;
  if (!Number.isInteger(steps) || steps < min) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected steps to be an integer of at least ${min} for the '${rule}' rule but received ${steps}.`,
    );
  }
  const nodes = new Float64Array(steps);
  const weights = new Float64Array(steps);
  switch (rule) {
    case 'left':
    case 'right':
    case 'middle': {
      const shift = rule === 'left' ? 0 : rule === 'right' ? 1 : 0.5;
      for (let k = 0; k < steps; k++) {
        nodes[k] = (k + shift) / steps;
        weights[k] = 1 / steps;
      }
      return { nodes, weights };
    }
    case 'trapezoid': {
      const h = 1 / (steps - 1);
      for (let k = 0; k < steps; k++) {
        nodes[k] = k * h;
        weights[k] = k === 0 || k === steps - 1 ? h / 2 : h;
      }
      return { nodes, weights };
    }
    case 'captum-trapezoid': {
      for (let k = 0; k < steps; k++) {
        nodes[k] = k / (steps - 1);
        weights[k] = k === 0 || k === steps - 1 ? 1 / (2 * steps) : 1 / steps;
      }
      return { nodes, weights };
    }
    case 'gauss-legendre':
      return gaussLegendre(steps);
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a quadrature rule among ${quadratureRules.join(', ')} but received '${String(rule)}'.`,
      );
  }
}

/**
 * The n-point Gauss–Legendre rule mapped to [0, 1]: the nodes are the roots of the
 * Legendre polynomial P_n, found by Newton's method from Tricomi's initial guess
 * cos(pi (k + 3/4) / (n + 1/2)), with P_n and P_n' from the three-term recurrence
 * (k + 1) P_{k+1} = (2k + 1) u P_k - k P_{k-1}; the weights are 2 / ((1 - u^2) P_n'(u)^2).
 * Nodes are returned in increasing order.
 */
export function gaussLegendre(n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive integer number of Gauss-Legendre nodes but received ${n}.`,
    );
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.ceil(n / 2);
  for (let k = 0; k < half; k++) {
    let u = Math.cos((Math.PI * (k + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      const [p, d] = legendre(n, u);
      dp = d;
      const du = p / d;
      u -= du;
      if (Math.abs(du) <= 1e-16) break;
    }
    dp = legendre(n, u)[1];
    const w = 2 / ((1 - u * u) * dp * dp);
    // u decreases with k: node k is the (k+1)-th largest; mirror for the smallest.
    nodes[n - 1 - k] = (1 + u) / 2;
    weights[n - 1 - k] = w / 2;
    nodes[k] = (1 - u) / 2;
    weights[k] = w / 2;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0.5; // the middle root is exactly 0
  return { nodes, weights };
}

/** P_n(u) and P_n'(u). */
function legendre(n: number, u: number): [number, number] {
  let p0 = 1;
  let p1 = u;
  if (n === 0) return [1, 0];
  for (let k = 1; k < n; k++) {
    const p2 = ((2 * k + 1) * u * p1 - k * p0) / (k + 1);
    p0 = p1;
    p1 = p2;
  }
  return [p1, (n * (u * p1 - p0)) / (u * u - 1)];
}
