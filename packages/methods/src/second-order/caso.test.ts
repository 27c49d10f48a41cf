import { createRng, type ProgressEvent, type Tensor } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { cafo } from './cafo.js';
import { caso } from './caso.js';
import type { ContextAwareOptions } from './options.js';

function input(shape: readonly number[], batch: number, seed: number): Tensor {
  const rng = createRng(seed, 5);
  const n = batch * shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => rng.normal()), shape: [batch, ...shape] };
}

/** The paper's values, read from Singla et al. 2019 rather than from `options.ts`, with where each is stated. */
const paperDefaults: ReadonlyArray<readonly [keyof ContextAwareOptions, unknown, string]> = [
  ['lambda1', 'sweep', 'the sparsity sweep of section 4.1'],
  ['lambda2', 'auto', 'L/2 + c1, Theorem 3'],
  ['c1', 10, 'section 3.2'],
  ['powerIterations', 10, 'Table 3'],
  ['iterations', 10, 'Table 3'],
  ['step', 0.1, 'section 4'],
  ['decay', 0.5, 'Table 3'],
  ['lambda1Start', 1e-5, 'section 4.1'],
  ['sparsityRange', [0.75, 1], '0.75 <= eta < 1, section 4.1'],
  ['samples', 1, 'no noise averaging without Smooth'],
  ['sigma', 0, 'no noise averaging without Smooth'],
];

describe.each([
  ['cafo', cafo],
  ['caso', caso],
] as const)('%s', (name, method) => {
  const shape = [2, 4, 4];

  it('has the paper defaults of appendix G', () => {
    expect(method.name).toBe(name);
    for (const [key, value, where] of paperDefaults) {
      expect(method.defaults[key], `${key} (${where})`).toEqual(value);
    }
  });

  it('returns a finite sparse map shaped like the input, reporting progress', async () => {
    const model = randomReluNetwork(shape, 24, 5, 2);
    const x = input(shape, 2, 1);
    const events: ProgressEvent[] = [];
    const out = await method.explain(model, x, {
      target: 'predicted',
      onProgress: (e) => events.push(e),
    });
    expect(out.shape).toEqual(x.shape);
    expect(out.data.every(Number.isFinite)).toBe(true);
    expect(out.data.some((v) => v !== 0)).toBe(true);
    const phases = new Set(events.map((e) => e.phase));
    for (const p of ['power-iteration', 'fista-round-1', 'lambda1', 'sample']) {
      expect(phases.has(p)).toBe(true);
    }
    expect(events.filter((e) => e.phase === 'sample').map((e) => e.done)).toEqual([1, 2]);
  });

  it('gives each sample the map it gets alone, with fewer model calls than one by one', async () => {
    const model = randomReluNetwork(shape, 24, 5, 2);
    const x = input(shape, 3, 4);
    const targets = [0, 2, 4];
    const before = model.calls.jvp + model.calls.vjp;
    const together = await method.explain(model, x, { target: targets });
    const batchedCalls = model.calls.jvp + model.calls.vjp - before;
    let aloneCalls = 0;
    const D = 32;
    for (let s = 0; s < 3; s++) {
      const start = model.calls.jvp + model.calls.vjp;
      const xs = { data: x.data.slice(s * D, (s + 1) * D), shape: [1, ...shape] };
      // The seeded power-iteration start of sample 0 is the same alone and in the batch.
      const alone = await method.explain(model, xs, { target: [targets[s]!] });
      aloneCalls += model.calls.jvp + model.calls.vjp - start;
      if (s === 0) {
        for (let i = 0; i < D; i++) expect(together.data[i]).toBeCloseTo(alone.data[i]!, 6);
      }
    }
    expect(batchedCalls).toBeLessThan(aloneCalls);
  });

  it('normalized output lies in [0, 1], equal over channels', async () => {
    const model = randomReluNetwork(shape, 24, 5, 2);
    const x = input(shape, 1, 7);
    const out = await method.explain(model, x, { target: 1, output: 'normalized' });
    expect(out.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (let p = 0; p < 16; p++) expect(out.data[p]).toBe(out.data[16 + p]);
    expect(Math.max(...out.data)).toBe(1);
  });

  it('stops on an aborted signal and rejects a wrong input shape', async () => {
    const model = randomReluNetwork(shape, 8, 3, 2);
    const controller = new AbortController();
    controller.abort();
    await expect(
      method.explain(model, input(shape, 1, 1), { target: 0, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(
      method.explain(model, input([2, 4, 3], 1, 1), { target: 0 }),
    ).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
  });
});
