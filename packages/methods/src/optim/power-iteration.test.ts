import { createRng, gaussNewtonHvp, jsKernels, type Tensor } from '@xai/core';
import { exactLossHessian, randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { powerIteration } from './power-iteration.js';

/** All eigenvalues of a symmetric matrix by cyclic Jacobi rotations (an independent solver). */
function jacobiEigenvalues(matrix: Float64Array, n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]!).sort((x, y) => y - x);
}

describe('jacobiEigenvalues (the test reference)', () => {
  it('finds the eigenvalues of a diagonal matrix in a rotated basis', () => {
    // R diag(5, 2, -1) R^T with R a rotation in the (0, 1) plane.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const m = new Float64Array([
      5 * c * c + 2 * s * s,
      (5 - 2) * c * s,
      0,
      (5 - 2) * c * s,
      5 * s * s + 2 * c * c,
      0,
      0,
      0,
      -1,
    ]);
    const e = jacobiEigenvalues(m, 3);
    expect(e[0]).toBeCloseTo(5, 10);
    expect(e[1]).toBeCloseTo(2, 10);
    expect(e[2]).toBeCloseTo(-1, 10);
  });
});

describe('powerIteration', () => {
  it('finds the top eigenvalue of the exact loss Hessian of a ReLU network via HVPs', async () => {
    const shape = [2, 3, 3];
    const D = 18;
    const model = randomReluNetwork(shape, 16, 5, 4);
    const rng = createRng(2, 1);
    const samples = [0, 1].map(() => Float64Array.from({ length: D }, () => rng.normal()));
    const x: Tensor = {
      data: Float32Array.from([...samples[0]!, ...samples[1]!]),
      shape: [2, ...shape],
    };
    const apply = async (vs: readonly Float64Array[]) => {
      const v: Tensor = { data: Float32Array.from([...vs[0]!, ...vs[1]!]), shape: x.shape };
      const { hv } = await gaussNewtonHvp(model, x, v, { kernels: jsKernels });
      return vs.map((_, i) => Float64Array.from(hv.data.subarray(i * D, (i + 1) * D)));
    };
    const start = [0, 1].map(() => Float64Array.from({ length: D }, () => rng.normal()));
    const result = await powerIteration(apply, start, { iterations: 300 });
    for (let i = 0; i < 2; i++) {
      const sample = Float64Array.from(x.data.subarray(i * D, (i + 1) * D));
      const H = exactLossHessian(model, sample, 'cross-entropy', 0);
      const top = jacobiEigenvalues(H, D)[0]!;
      expect(top).toBeGreaterThan(0);
      expect(result.eigenvalues[i]! / top).toBeCloseTo(1, 4);
      // The vector is an eigenvector: ||H v - L v|| small.
      const v = result.vectors[i]!;
      let residual = 0;
      for (let r = 0; r < D; r++) {
        let hv = 0;
        for (let c = 0; c < D; c++) hv += H[r * D + c]! * v[c]!;
        residual += (hv - top * v[r]!) ** 2;
      }
      expect(Math.sqrt(residual) / top).toBeLessThan(1e-2);
    }
  });

  it('never overestimates a PSD top eigenvalue and reports each iteration', async () => {
    // diag(4, 3, 1): the Rayleigh quotient approaches 4 from below.
    const d = [4, 3, 1];
    const seen: number[] = [];
    const result = await powerIteration(
      async (vs) => vs.map((v) => v.map((x, i) => d[i]! * x)),
      [new Float64Array([1, 1, 1])],
      { iterations: 10, onIteration: (done) => seen.push(done) },
    );
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.eigenvalues[0]).toBeLessThanOrEqual(4);
    expect(result.eigenvalues[0]).toBeGreaterThan(3.9);
  });

  it('returns 0 for the zero operator and rejects a zero start', async () => {
    const zero = async (vs: readonly Float64Array[]) => vs.map((v) => new Float64Array(v.length));
    const r = await powerIteration(zero, [new Float64Array([1, 2])], { iterations: 3 });
    expect(r.eigenvalues[0]).toBe(0);
    await expect(powerIteration(zero, [new Float64Array(2)])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
