/**
 * AGI, BIG and MFABA take each attack step as one pass over the rows of every sample still
 * running: a batch's maps are its samples' maps run one at a time, it costs the passes of
 * its slowest sample (not their sum), and the memory bound only splits the rows.
 */
import { type AttributionMethod, meteredModel, type Tensor } from '@xai/core';
import { randomTanhModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { agi } from '../src/path/agi.js';
import { big } from '../src/path/big.js';
import { mfaba } from '../src/path/mfaba.js';
import { pixelWave, waveCase } from './helpers/wave-input.js';

const B = 4;
const K = 10;
const { shape, D, x } = waveCase(B, [2, 3, 3], (i) => pixelWave(7 * i + 3 * Math.floor(i / 18)));
const model = randomTanhModel(shape, K, 5, { amplitude: 3, gain: 2 });

/** Sample b of x as a batch of one. */
const one = (b: number): Tensor => ({
  data: x.data.slice(b * D, (b + 1) * D),
  shape: [1, ...shape],
});

/** The map and the model passes (calls, rows) of one explain call. */
async function run(method: AttributionMethod<object>, v: Tensor, options: object) {
  const metered = meteredModel(model);
  const map = await method.explain(metered, v, { target: 'predicted', ...options });
  const { forward, vjp } = metered.meter;
  return { map: map.data, calls: forward.calls + vjp.calls, rows: forward.rows + vjp.rows };
}

// Each method under both presets, with the settings that make the samples stop at
// different steps (so that samples leave the batch while others run on).
const cases: Array<[string, AttributionMethod<object>, object]> = [
  ['agi paper (classes top)', agi, { preset: 'paper', k: 3, classes: 'top', maxIter: 40 }],
  [
    'agi reference-code (a class list, steps from the input)',
    agi,
    { preset: 'reference-code', k: 3, classList: [1, 4, 7], maxIter: 40, epsilon: 0.02 },
  ],
  ['big paper (pgd)', big, { preset: 'paper', steps: 8, epsilons: [0.02, 0.05, 0.5] }],
  ['big paper (fgsm)', big, { preset: 'paper', steps: 8, attack: 'fgsm' }],
  [
    'big reference-code with its gradient accumulation',
    big,
    { preset: 'reference-code', steps: 8, authorsBugs: ['grad-accumulation'] },
  ],
  ['mfaba paper (smooth)', mfaba, { preset: 'paper', steps: 60, stepSize: 0.01 }],
  ['mfaba paper (sharp)', mfaba, { preset: 'paper', variant: 'sharp', steps: 60 }],
  ['mfaba reference-code', mfaba, { preset: 'reference-code', steps: 60, stepSize: 0.01 }],
];

describe('AGI, BIG and MFABA batch rows across samples', () => {
  it.each(cases)('%s: the batch map is the per-sample maps, bitwise', async (_, method, o) => {
    const batch = await run(method, x, o);
    const singles = [];
    for (let b = 0; b < B; b++) singles.push(await run(method, one(b), o));
    for (let b = 0; b < B; b++) {
      expect(batch.map.subarray(b * D, (b + 1) * D)).toEqual(singles[b]!.map);
    }
    // Not a zero map that would match trivially.
    expect(batch.map.some((v) => v !== 0)).toBe(true);
    // One pass per step over all samples: the slowest sample's passes, fewer than their sum.
    const slowest = Math.max(...singles.map((s) => s.calls));
    const total = singles.reduce((s, r) => s + r.calls, 0);
    expect(batch.calls).toBe(slowest);
    expect(batch.calls).toBeLessThan(total);
    // The same rows as the samples alone: samples that finish leave the batch.
    expect(batch.rows).toBe(singles.reduce((s, r) => s + r.rows, 0));
  });

  it.each(cases)('%s: maxBatchSize 1 splits every pass, same map', async (_, method, o) => {
    const batch = await run(method, x, o);
    const split = await run(method, x, { ...o, maxBatchSize: 1 });
    expect(split.map).toEqual(batch.map);
    expect(split.rows).toBe(batch.rows);
    // Every pass of the split run carries one row.
    expect(split.calls).toBe(split.rows);
    expect(split.calls).toBeGreaterThan(batch.calls);
  });

  it('mfaba: samples stop at different steps, and the stopped ones leave the batch', async () => {
    const o = { preset: 'paper', steps: 60, stepSize: 0.01 };
    const passes = [];
    for (let b = 0; b < B; b++) passes.push((await run(mfaba, one(b), o)).calls);
    // Without distinct stopping steps the row counts above would prove nothing.
    expect(new Set(passes).size).toBeGreaterThan(1);
  });

  it("mfaba's reproduced grad-accumulation bug: batch-dependent as documented, maxBatchSize 1 the same", async () => {
    // The authors reset the summed gradient of the whole batch when a sample leaves it, so a
    // sample's map depends on its batch; the memory bound must not change when that happens.
    const o = {
      preset: 'reference-code',
      steps: 60,
      stepSize: 0.01,
      authorsBugs: ['grad-accumulation'],
    };
    const batch = await run(mfaba, x, o);
    const split = await run(mfaba, x, { ...o, maxBatchSize: 1 });
    expect(split.map).toEqual(batch.map);
    const alone = [];
    for (let b = 0; b < B; b++) alone.push((await run(mfaba, one(b), o)).map);
    expect(alone.some((m, b) => m.some((v, i) => v !== batch.map[b * D + i]))).toBe(true);
  });

  it('agi paper: random classes drawn per sample from the seed, the same with maxBatchSize 1', async () => {
    // Sample b draws from stream b, so only sample 0 alone matches its batch row; the
    // memory bound must still leave every map unchanged.
    const o = { preset: 'paper', k: 3, maxIter: 40, seed: 11 };
    const batch = await run(agi, x, o);
    const first = await run(agi, one(0), o);
    expect(batch.map.subarray(0, D)).toEqual(first.map);
    const split = await run(agi, x, { ...o, maxBatchSize: 1 });
    expect(split.map).toEqual(batch.map);
  });
});
