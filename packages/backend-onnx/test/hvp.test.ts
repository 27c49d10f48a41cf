import { finiteDifferenceHvp, gaussNewtonHvp, jsKernels, sliceBatch, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';

function rowDot(a: Tensor, b: Tensor, s: number): number {
  const per = a.data.length / a.shape[0]!;
  let acc = 0;
  for (let i = s * per; i < (s + 1) * per; i++) acc += a.data[i]! * b.data[i]!;
  return acc;
}

describe('Hessian-vector products through the ONNX CNN fixture', () => {
  it('Gauss-Newton equals central differences, and is symmetric and PSD', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const batch = 32;
      const clean = sliceBatch(loadFixtureInputs(), 0, batch);
      // Off the exact max-pool ties of the flat image backgrounds (see whole-model.test.ts).
      const noise = randn(clean.shape, 3, 0, 0.05);
      const x = { data: clean.data.map((a, i) => a + noise.data[i]!), shape: clean.shape };
      const labels = loadFixtureLabels().slice(0, batch);
      const v = randn(x.shape, 21, 1);
      const w = randn(x.shape, 21, 2);
      const { hv } = await gaussNewtonHvp(model, x, v, { kernels: jsKernels });
      const { hv: hw } = await gaussNewtonHvp(model, x, w, { kernels: jsKernels });
      // The network is piecewise linear: the Gauss-Newton product is its exact Hessian
      // product, and a central difference of gradients is exact as long as x +- h v stays in
      // x's linear region. Where a ReLU or a max-pool switches between them the gradient
      // jumps and the difference is meaningless, so samples are compared only where J v is
      // the same at x - h v, x and x + h v (no switch seen), and a quarter of the samples must qualify.
      const h = 3e-5;
      const { hv: fd } = await finiteDifferenceHvp(model, x, v, 'cross-entropy', labels, {
        kernels: jsKernels,
        step: h,
      });
      const shifted = (sign: number) => ({
        data: x.data.map((a, i) => a + sign * h * v.data[i]!),
        shape: x.shape,
      });
      const j0 = (await model.jvp(x, v)).jvp;
      const jp = (await model.jvp(shifted(1), v)).jvp;
      const jm = (await model.jvp(shifted(-1), v)).jvp;
      const errs: number[] = [];
      for (let s = 0; s < batch; s++) {
        const dp = { data: jp.data.map((a, i) => a - j0.data[i]!), shape: j0.shape };
        const dm = { data: jm.data.map((a, i) => a - j0.data[i]!), shape: j0.shape };
        const n0 = Math.sqrt(rowDot(j0, j0, s));
        if (Math.sqrt(rowDot(dp, dp, s)) > 1e-4 * n0 || Math.sqrt(rowDot(dm, dm, s)) > 1e-4 * n0)
          continue;
        const d: Tensor = { data: hv.data.map((a, i) => a - fd.data[i]!), shape: hv.shape };
        errs.push(Math.sqrt(rowDot(d, d, s) / rowDot(hv, hv, s)));
      }
      console.log(
        'linear samples',
        errs.length,
        'errors',
        errs.map((e) => e.toExponential(2)).join(' '),
      );
      expect(errs.length).toBeGreaterThanOrEqual(batch / 4);
      expect(Math.max(...errs)).toBeLessThan(3e-2);
      for (let s = 0; s < batch; s++) {
        const whv = rowDot(w, hv, s);
        const vhw = rowDot(v, hw, s);
        expect(Math.abs(whv - vhw)).toBeLessThan(1e-4 * (Math.abs(whv) + Math.abs(vhw)) + 1e-6);
        expect(rowDot(v, hv, s)).toBeGreaterThanOrEqual(-1e-6);
      }
    } finally {
      await model.dispose();
    }
  });
});
