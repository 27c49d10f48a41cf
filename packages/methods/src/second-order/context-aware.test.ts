import { createRng, jsKernels, type Tensor } from '@xai/core';
import {
  type DenseAnalyticModel,
  exactLossHessian,
  linearModel,
  randomQuadraticModel,
  randomReluNetwork,
} from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { softThreshold } from '../optim/soft-threshold.js';
import { contextAwareObjective } from './objective.js';
import { prepareContextAware } from './problem.js';
import { selectCandidate, solveContextAware } from './solver.js';
import { normalizeAttribution, sparsityRatio } from './sparsity.js';

/** Independent references, in float64 from the analytic model's explicit derivatives. */
function reference(model: DenseAnalyticModel, x: Tensor, s: number, target: number) {
  const D = model.inputSize;
  const sample = Float64Array.from(x.data.subarray(s * D, (s + 1) * D));
  const d = model.derivatives(sample);
  const max = Math.max(...d.logits);
  const e = Array.from(d.logits, (z) => Math.exp(z - max));
  const sum = e.reduce((a, b) => a + b, 0);
  const p = e.map((v) => v / sum);
  // grad of -log p_t = J^T (p - e_t)
  const g = new Float64Array(D);
  for (let k = 0; k < model.numClasses; k++) {
    const u = p[k]! - (k === target ? 1 : 0);
    for (let i = 0; i < D; i++) g[i]! += d.jacobian[k * D + i]! * u;
  }
  const H = exactLossHessian(model, sample, 'cross-entropy', target);
  return { g, H, p };
}

/** Solves A y = b by Gaussian elimination with partial pivoting. */
function solve(A: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const m = Float64Array.from(A);
  const y = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[piv * n + k]] = [m[piv * n + k]!, m[c * n + k]!];
    [y[c], y[piv]] = [y[piv]!, y[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
      y[r]! -= f * y[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * y[k]!;
    y[r] = s / m[r * n + r]!;
  }
  return y;
}

function randomInput(shape: readonly number[], batch: number, seed: number, scale = 1): Tensor {
  const rng = createRng(seed, 5);
  const n = batch * shape.reduce((a, b) => a * b, 1);
  return {
    data: Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape: [batch, ...shape],
  };
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('the CASO objective through Hessian-vector products', () => {
  it('equals the value computed with the explicit Hessian (ReLU network, Gauss-Newton)', async () => {
    const shape = [2, 3, 3];
    const model = randomReluNetwork(shape, 12, 4, 3);
    const x = randomInput(shape, 2, 1);
    const targets = [1, 3];
    const problem = await prepareContextAware(model, x, 2, { kernels: jsKernels, target: targets });
    const rng = createRng(9, 1);
    const deltas = [0, 1].map(() => Float64Array.from({ length: 18 }, () => rng.normal()));
    const lambda1 = [0.3, 0.01];
    const lambda2 = [12, 7];
    const got = await contextAwareObjective(problem, deltas, lambda1, lambda2);
    for (let s = 0; s < 2; s++) {
      const { g, H } = reference(model, x, s, targets[s]!);
      const d = deltas[s]!;
      let want = 0;
      for (let i = 0; i < 18; i++) {
        want += g[i]! * d[i]! - lambda1[s]! * Math.abs(d[i]!) - lambda2[s]! * d[i]! * d[i]!;
        for (let j = 0; j < 18; j++) want += 0.5 * d[i]! * H[i * 18 + j]! * d[j]!;
      }
      expect(got[s]! / want).toBeCloseTo(1, 5);
    }
  });

  it('with finite differences, equals it on a model with curved logits (where Gauss-Newton does not)', async () => {
    const shape = [6];
    const model = randomQuadraticModel(shape, 3, 2);
    const x = randomInput(shape, 1, 4);
    const d = Float64Array.from({ length: 6 }, (_, i) => Math.sin(i + 1));
    const { g, H } = reference(model, x, 0, 2);
    let quad = 0;
    let lin = 0;
    for (let i = 0; i < 6; i++) {
      lin += g[i]! * d[i]!;
      for (let j = 0; j < 6; j++) quad += d[i]! * H[i * 6 + j]! * d[j]!;
    }
    const want = lin + 0.5 * quad;
    const fd = await prepareContextAware(model, x, 2, {
      kernels: jsKernels,
      target: 2,
      hvp: 'finite-difference',
    });
    const [viaFd] = await contextAwareObjective(fd, [d], [0], [0]);
    expect(viaFd).toBeCloseTo(want, 3);
    const gn = await prepareContextAware(model, x, 2, { kernels: jsKernels, target: 2 });
    const [viaGn] = await contextAwareObjective(gn, [d], [0], [0]);
    expect(Math.abs(viaGn! - want)).toBeGreaterThan(1e-2);
  });
});

describe('solveContextAware', () => {
  it('CAFO with lambda1 = 0 is g / (2 lambda2), and soft(g, lambda1) / (2 lambda2) otherwise', async () => {
    const shape = [3, 2, 2];
    const rng = createRng(3, 3);
    const W = Float64Array.from({ length: 5 * 12 }, () => rng.normal());
    const model = linearModel(shape, W, new Float64Array(5));
    const x = randomInput(shape, 2, 8);
    const problem = await prepareContextAware(model, x, 1, { kernels: jsKernels, target: [0, 4] });
    for (const lambda1 of [0, 0.4]) {
      const r = await solveContextAware(problem, shape, {
        kernels: jsKernels,
        target: [0, 4],
        lambda1,
        lambda2: 10,
      });
      for (let s = 0; s < 2; s++) {
        const { g } = reference(model, x, s, [0, 4][s]!);
        const want = softThreshold(g, lambda1).map((v) => v / 20);
        for (let i = 0; i < 12; i++) expect(r.deltas[s]![i]).toBeCloseTo(want[i]!, 6);
      }
    }
  });

  it('CASO with lambda1 = 0 reaches (2 lambda2 I - H)^-1 g (appendix A), lambda2 = L/2 + c1 by power iteration', async () => {
    const shape = [8];
    const model = randomReluNetwork(shape, 10, 4, 6);
    const x = randomInput(shape, 1, 2);
    const problem = await prepareContextAware(model, x, 2, { kernels: jsKernels, target: 1 });
    const r = await solveContextAware(problem, shape, {
      kernels: jsKernels,
      target: 1,
      lambda1: 0,
      c1: 0.5,
      powerIterations: 200,
      iterations: 400,
    });
    const { g, H } = reference(model, x, 0, 1);
    // lambda2 = L/2 + c1: L by power iteration on the explicit matrix.
    let v = new Float64Array(8).fill(1);
    let L = 0;
    for (let k = 0; k < 500; k++) {
      const w = new Float64Array(8);
      for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) w[i]! += H[i * 8 + j]! * v[j]!;
      L = w.reduce((s, wi, i) => s + wi * v[i]!, 0);
      const n = Math.hypot(...w);
      v = w.map((wi) => wi / n);
    }
    expect(r.lambda2[0]! - 0.5).toBeCloseTo(L / 2, 5);
    const A = new Float64Array(64);
    for (let i = 0; i < 64; i++) A[i] = -H[i]!;
    for (let i = 0; i < 8; i++) A[i * 9]! += 2 * r.lambda2[0]!;
    const want = solve(A, g);
    for (let i = 0; i < 8; i++) expect(r.deltas[0]![i]).toBeCloseTo(want[i]!, 5);
    // The Hessian matters here: CASO is not parallel to the gradient.
    expect(cosine(want, g)).toBeLessThan(0.9999);
  });

  it('CASO and CAFO point the same way at high confidence and differ at low (Theorem 5)', async () => {
    const shape = [20];
    const K = 10;
    const rng = createRng(17, 2);
    const W = Float64Array.from({ length: K * 20 }, () => rng.normal());
    const x = randomInput(shape, 1, 3, 0.3);
    const angle = async (bias0: number, target: number | 'predicted') => {
      const b = new Float64Array(K);
      b[0] = bias0;
      const model = linearModel(shape, W, b);
      const out: Float64Array[] = [];
      let p0 = 0;
      for (const order of [1, 2] as const) {
        const problem = await prepareContextAware(model, x, order, { kernels: jsKernels, target });
        const r = await solveContextAware(problem, shape, {
          kernels: jsKernels,
          target,
          lambda1: 0,
          c1: 0.1,
          powerIterations: 50,
          iterations: 300,
        });
        out.push(r.deltas[0]!);
        p0 = Math.max(...reference(model, x, 0, problem.targets[0]!).p);
      }
      return { cos: cosine(out[0]!, out[1]!), p0 };
    };
    // p0: the probability of the predicted (explained) class.
    const high = await angle(40, 0);
    const low = await angle(0, 'predicted');
    expect(high.p0).toBeGreaterThan(0.999);
    expect(low.p0).toBeLessThan(0.5);
    expect(high.cos).toBeGreaterThan(0.999);
    expect(low.cos).toBeLessThan(0.99);
  });

  it('returns all zeros when lambda1 is large', async () => {
    const shape = [2, 3, 3];
    const model = randomReluNetwork(shape, 12, 4, 3);
    const x = randomInput(shape, 2, 1);
    for (const order of [1, 2] as const) {
      const problem = await prepareContextAware(model, x, order, { kernels: jsKernels, target: 0 });
      const r = await solveContextAware(problem, shape, {
        kernels: jsKernels,
        target: 0,
        lambda1: 1e3,
      });
      for (const d of r.deltas) expect(d.every((v) => v === 0)).toBe(true);
    }
  });

  it('the sweep tries the decades up to all zero and picks the highest loss with sparsity in [0.75, 1)', async () => {
    const shape = [1, 8, 8];
    const model = randomReluNetwork(shape, 32, 6, 12);
    const x = randomInput(shape, 3, 6);
    const problem = await prepareContextAware(model, x, 2, {
      kernels: jsKernels,
      target: 'predicted',
    });
    const r = await solveContextAware(problem, shape, { kernels: jsKernels, target: 'predicted' });
    let foundInRange = 0;
    for (let s = 0; s < 3; s++) {
      const c = r.candidates[s]!;
      // Decades from 1e-5 by 10x, ending with the first all-zero one.
      expect(c[0]!.lambda1).toBeCloseTo(1e-5, 12);
      const gInf = Math.max(...Array.from(problem.gradients[s]!, Math.abs));
      const decades = c.filter((k) => Math.abs(Math.log10(k.lambda1 / 1e-5) % 1) < 1e-9);
      expect(decades[decades.length - 1]!.sparsity).toBe(1);
      expect(decades[decades.length - 1]!.lambda1).toBeGreaterThanOrEqual(gInf);
      for (const k of decades.slice(0, -1)) expect(k.lambda1).toBeLessThan(gInf);
      const inRange = c.filter((k) => k.sparsity >= 0.75 && k.sparsity < 1);
      const chosen = c.find((k) => k.lambda1 === r.lambda1[s])!;
      expect(r.deltas[s]).toBe(chosen.delta);
      if (inRange.length > 0) {
        foundInRange++;
        expect(chosen.sparsity).toBeGreaterThanOrEqual(0.75);
        expect(chosen.sparsity).toBeLessThan(1);
        for (const k of inRange) expect(chosen.loss).toBeGreaterThanOrEqual(k.loss);
        expect(sparsityRatio(r.deltas[s]!, shape)).toBe(chosen.sparsity);
      }
    }
    expect(foundInRange).toBeGreaterThan(0);
  });

  it('falls back to halving the first all-zero lambda1 when no decade fits', () => {
    const z = (sparsity: number, lambda1: number, loss: number) => ({
      lambda1,
      delta: new Float64Array(1),
      sparsity,
      loss,
    });
    const picked = selectCandidate(
      [z(0.2, 1e-3, 5), z(0.5, 1e-2, 3), z(1, 1e-1, 0), z(0.8, 5e-2, 1), z(0.9, 2.5e-2, 2)],
      0.75,
      1,
    );
    expect(picked.lambda1).toBe(2.5e-2);
    const none = selectCandidate([z(0.2, 1e-3, 5), z(0.6, 1e-2, 3), z(1, 1e-1, 0)], 0.75, 1);
    expect(none.lambda1).toBe(1e-2);
  });
});

describe('sparsityRatio and normalizeAttribution', () => {
  it('counts a pixel as zero only when every channel is', () => {
    // [2, 1, 2]: pixel 0 has channel 1 nonzero, pixel 1 is zero in both.
    expect(sparsityRatio([0, 0, 3, 0], [2, 1, 2])).toBe(0.5);
    expect(sparsityRatio([0, 1, 0, 0], [4])).toBe(0.75);
  });

  it('sums |delta| over channels and maps [min, 99th percentile] to [0, 1]', () => {
    const t: Tensor = { data: Float32Array.from([1, -2, 0, 4, 0, 1, -1, 0]), shape: [1, 2, 2, 2] };
    const out = normalizeAttribution(t);
    // channel sums |.|: [1, 3, 1, 4]; min 1, 99th percentile 3.97.
    const want = [0, 2 / 2.97, 0, 1];
    for (let p = 0; p < 4; p++) {
      expect(out.data[p]).toBeCloseTo(want[p]!, 5);
      expect(out.data[4 + p]).toBeCloseTo(want[p]!, 5);
    }
  });
});
