import { createRng, jsKernels, type Kernels, type Tensor } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { caso } from './caso.js';
import { smoothCafo } from './smooth-cafo.js';
import { smoothCaso } from './smooth-caso.js';

function input(shape: readonly number[], batch: number, seed: number): Tensor {
  const rng = createRng(seed, 5);
  const n = batch * shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => rng.normal()), shape: [batch, ...shape] };
}

const shape = [1, 4, 4];

describe.each([
  ['smooth-cafo', smoothCafo],
  ['smooth-caso', smoothCaso],
] as const)('%s', (name, method) => {
  it('defaults to n = 32 copies with sigma = 0.15 (appendix G)', () => {
    expect(method.name).toBe(name);
    expect(method.defaults.samples).toBe(32);
    expect(method.defaults.sigma).toBe(0.15);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const model = randomReluNetwork(shape, 16, 4, 3);
    const x = input(shape, 2, 2);
    const options = { target: 'predicted' as const, samples: 8 };
    const a = await method.explain(model, x, { ...options, seed: 5 });
    const b = await method.explain(model, x, { ...options, seed: 5 });
    const c = await method.explain(model, x, { ...options, seed: 6 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(a.shape).toEqual(x.shape);
  });
});

describe('smooth variants', () => {
  it('SmoothCAFO with lambda1 = 0 is the noise-averaged gradient / (2 lambda2), the noise drawn by the kernels', async () => {
    const model = randomReluNetwork(shape, 16, 4, 3);
    const x = input(shape, 1, 9);
    let noise: Tensor | undefined;
    const kernels: Kernels = {
      ...jsKernels,
      random: async (args) => {
        const t = await jsKernels.random(args);
        noise ??= t;
        return t;
      },
    };
    const n = 6;
    const sigma = 0.3;
    const out = await smoothCafo.explain(model, x, {
      target: 2,
      samples: n,
      sigma,
      lambda1: 0,
      lambda2: 10,
      kernels,
      seed: 3,
    });
    expect(noise?.shape).toEqual([n, 16]);
    // Independent: the mean over the noisy points of J^T (p - e_t), in float64.
    const mean = new Float64Array(16);
    for (let i = 0; i < n; i++) {
      const z = Float64Array.from(
        { length: 16 },
        (_, j) => x.data[j]! + sigma * noise!.data[i * 16 + j]!,
      );
      const d = model.derivatives(z);
      const m = Math.max(...d.logits);
      const e = Array.from(d.logits, (v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let k = 0; k < 4; k++) {
        const u = e[k]! / sum - (k === 2 ? 1 : 0);
        for (let j = 0; j < 16; j++) mean[j]! += (d.jacobian[k * 16 + j]! * u) / n;
      }
    }
    for (let j = 0; j < 16; j++) expect(out.data[j]).toBeCloseTo(mean[j]! / 20, 5);
  });

  it('SmoothCASO with sigma = 0 equals CASO (the average of identical copies)', async () => {
    const model = randomReluNetwork(shape, 16, 4, 3);
    const x = input(shape, 2, 4);
    const smooth = await smoothCaso.explain(model, x, { target: [0, 3], samples: 4, sigma: 0 });
    const plain = await caso.explain(model, x, { target: [0, 3] });
    for (let i = 0; i < x.data.length; i++) expect(smooth.data[i]).toBeCloseTo(plain.data[i]!, 5);
  });
});
