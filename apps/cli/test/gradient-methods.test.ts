/**
 * The gradient methods on the real ONNX fixtures: what the backend's gradients make
 * possible, checked by the axioms that must hold whatever the model.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { npyToTensor, sliceBatch, type Tensor } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { getMethod, gradient, integratedGradients, noiseGrad } from '@xai/methods';
import { describe, expect, it } from 'vitest';

describe.each(['cnn', 'resnet'] as const)('gradient methods on the %s fixture', (name) => {
  it('integrated gradients are complete: they sum to f(x) - f(0), closer as steps grow', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name));
    try {
      const x = sliceBatch(loadFixtureInputs(), 0, 3);
      const fx = (await model.forward(x)).data;
      const f0 = (await model.forward({ data: new Float32Array(x.data.length), shape: x.shape }))
        .data;
      // A ReLU network's gradient is piecewise constant along the path, so the quadrature
      // error shrinks with the steps rather than vanishing (measured: under 0.4% at 256).
      const relativeErrors = async (steps: number) => {
        const a = await integratedGradients.explain(model, x, {
          target: [0, 0, 0],
          steps,
          rule: 'trapezoid',
        });
        return [0, 1, 2].map((b) => {
          const sum = a.data.subarray(b * 784, (b + 1) * 784).reduce((s, v) => s + v, 0);
          const want = fx[b * 10]! - f0[b * 10]!;
          return Math.abs(sum - want) / Math.abs(want);
        });
      };
      const coarse = await relativeErrors(16);
      const fine = await relativeErrors(256);
      for (const e of fine) expect(e).toBeLessThan(0.01);
      expect(Math.max(...fine)).toBeLessThan(Math.max(...coarse));
    } finally {
      await model.dispose();
    }
  }, 120_000);

  it('runs the path, boundary and weight-noise baselines: finite maps that obey their checks', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name));
    try {
      const x = sliceBatch(loadFixtureInputs(), 0, 2);
      // Small settings keep this quick; the unit tests check the algorithms themselves.
      const settings: Record<string, object> = {
        'fast-ig': {},
        'guided-ig': { steps: 8 },
        'blur-ig': { steps: 8, maxSigma: 4 },
        big: { attackSteps: 5, attackStepSize: 0.05, steps: 8 },
        agi: { maxIter: 4, epsilon: 0.1 },
        mfaba: { steps: 5, stepSize: 0.01 },
        'noise-grad': { models: 2 },
        'fusion-grad': { models: 2, samples: 2 },
      };
      const maps: Record<string, Tensor> = {};
      for (const [method, options] of Object.entries(settings)) {
        const a = await getMethod(method).explain(model, x, {
          target: [0, 0],
          seed: 1,
          ...options,
        });
        expect(a.shape, method).toEqual(x.shape);
        expect(a.data.every(Number.isFinite), method).toBe(true);
        expect(new Set(a.data).size, method).toBeGreaterThan(10);
        maps[method] = a;
      }
      // Fast IG is x * gradient; NoiseGrad with sigma 0 (the backend's withWeightNoise) is
      // the gradient itself.
      const g = await gradient.explain(model, x, { target: [0, 0] });
      const noiseless = await noiseGrad.explain(model, x, { target: [0, 0], sigma: 0, models: 1 });
      for (let i = 0; i < g.data.length; i++) {
        expect(maps['fast-ig']!.data[i]).toBeCloseTo(g.data[i]! * x.data[i]!, 5);
        expect(noiseless.data[i]).toBeCloseTo(g.data[i]!, 5);
      }
      expect(maps['noise-grad']!.data).not.toEqual(g.data);
    } finally {
      await model.dispose();
    }
  }, 120_000);
});

describe('xai explain with a gradient method', () => {
  it('runs ISA on a fixture image and writes a finite map shaped like the input', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const out = join(mkdtempSync(join(tmpdir(), 'xai-isa-')), 'isa.npy');
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          bin,
          'explain',
          '--model',
          fixtureModelPath('cnn'),
          '--input',
          fixtureImagePaths()[0]!,
          '--preprocess',
          'fashion-mnist',
          '--method',
          'isa',
          '--set',
          'k=100',
          '--out',
          out,
          '--quiet',
        ],
        (e, _o, stderr) =>
          resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const a = npyToTensor(new Uint8Array(readFileSync(out)));
    expect(a.shape).toEqual([1, 1, 28, 28]);
    expect(a.data.every(Number.isFinite)).toBe(true);
    expect(new Set(a.data).size).toBeGreaterThan(10);
  }, 120_000);
});
