/**
 * I-GOS and ISA carry the rows of all samples in one pass per step: a sample's map must not
 * depend on its batch (bitwise: every sum is per sample, in the same order, and the analytic
 * network computes each row alone), B samples cost the passes of one (I-GOS's line search
 * aside: its batch runs as many trials as the slowest sample of each iteration), and the
 * memory bound only splits the rows.
 */
import {
  createRng,
  emptyMeter,
  type Model,
  meteredModel,
  sliceBatch,
  type Tensor,
} from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { iGos, runIGos } from './i-gos.js';
import { isa } from './isa.js';

const shape = [2, 6, 6];
const D = 72;
const B = 3;
const net = randomReluNetwork(shape, 16, 4, 9);
const rng = createRng(4, 2);
const x: Tensor = {
  data: Float32Array.from({ length: B * D }, () => rng.normal()),
  shape: [B, ...shape],
};
const target = [0, 2, 3];

type Options = Record<string, unknown>;
/** The map of `x`; `first` is the batch index of x's first sample (the noise streams'). */
type Run = (model: Model, x: Tensor, options: Options, first: number) => Promise<Tensor>;

// Low λ1 and λ2 so that the masks move on this small network (see i-gos.ts).
const iGosSettings = { maskSize: 3, maxIterations: 4, integrationSteps: 5, l1: 0.05, tv: 0.5 };
const isaSettings = { k: 10, ascentSteps: 3, descentSteps: 2 };
const runIGosMap: Run = async (m, t, o, first) =>
  (await runIGos(m, t, o as never, first)).attribution;
// ISA draws the same noise for every sample of a batch: no stream index to pass.
const runIsaMap: Run = (m, t, o) => isa.explain(m, t, o as never);

const cases: Array<[string, Run, Options]> = [
  ['i-gos paper', runIGosMap, { preset: 'paper', ...iGosSettings }],
  ['i-gos paper without noise', runIGosMap, { preset: 'paper', ...iGosSettings, noise: 0 }],
  [
    'i-gos reference-code with its bugs',
    runIGosMap,
    {
      preset: 'reference-code',
      ...iGosSettings,
      authorsBugs: ['doubled-noise', 'integral-over-20'],
    },
  ],
  ['isa paper', runIsaMap, { preset: 'paper', ...isaSettings, learningRate: 0.05 }],
  ['isa reference-code', runIsaMap, { preset: 'reference-code', ...isaSettings }],
];

/** The map and the passes (calls, rows) of one run on a fresh meter. */
async function metered(run: Run, v: Tensor, options: Options, first = 0) {
  const model = meteredModel(net, emptyMeter());
  const map = await run(model, v, options, first);
  const { forward, vjp } = model.meter;
  return {
    map: Array.from(map.data),
    forward: forward.calls,
    vjp: vjp.calls,
    calls: forward.calls + vjp.calls,
    rows: forward.rows + vjp.rows,
  };
}

describe.each(cases)('%s batches the rows of all samples', (_name, run, preset) => {
  it('each sample of a batch gets its map alone, bitwise', async () => {
    const options = { ...preset, target, seed: 5 };
    const batch = await run(net, x, options, 0);
    let moved = 0;
    for (let b = 0; b < B; b++) {
      const alone = await run(net, sliceBatch(x, b, b + 1), { ...options, target: [target[b]] }, b);
      expect(Array.from(batch.data.subarray(b * D, (b + 1) * D))).toEqual(Array.from(alone.data));
      moved += alone.data.filter((v) => Math.abs(v) > 1e-3).length;
    }
    // The search really moved (a map of zeros would match trivially).
    expect(moved).toBeGreaterThan(B * 4);
  });

  it('B samples cost the passes of the slowest one, not their sum; the rows are the sum', async () => {
    const options = { ...preset, target: 'predicted', seed: 5 };
    const batch = await metered(run, x, options);
    const singles = [];
    for (let b = 0; b < B; b++)
      singles.push(await metered(run, sliceBatch(x, b, b + 1), options, b));
    const slowest = Math.max(...singles.map((s) => s.calls));
    const total = singles.reduce((s, r) => s + r.calls, 0);
    // One gradient pass a step over every sample's rows.
    for (const s of singles) expect(batch.vjp).toBe(s.vjp);
    expect(batch.calls).toBeGreaterThanOrEqual(slowest);
    expect(batch.calls).toBeLessThan(total);
    expect(batch.rows).toBe(singles.reduce((s, r) => s + r.rows, 0));
    expect(batch.map).toEqual(singles.flatMap((s) => s.map));
  });

  it('maxBatchSize 1 splits every pass, same map', async () => {
    const options = { ...preset, target, seed: 5 };
    const batch = await metered(run, x, options);
    const split = await metered(run, x, { ...options, maxBatchSize: 1 });
    expect(split.map).toEqual(batch.map);
    expect(split.rows).toBe(batch.rows);
    expect(split.calls).toBe(split.rows);
    expect(split.calls).toBeGreaterThan(batch.calls);
  });
});

describe('i-gos: the integration points of all samples in one pass', () => {
  const options = { ...iGosSettings, target, seed: 5 };

  it('an iteration is one forward and one vjp over B·S rows; the trials add the slowest sample of each iteration', async () => {
    const model = meteredModel(net, emptyMeter());
    const r = await runIGos(model, x, options);
    const { maxIterations: K, integrationSteps: S } = iGosSettings;
    const trials = r.trace.map((it) => it.map((s) => s.trials));
    // The samples differ in their line search somewhere, or the max below proves nothing.
    expect(trials.some((t) => new Set(t).size > 1)).toBe(true);
    const sumMax = trials.reduce((a, t) => a + Math.max(...t), 0);
    const sumAll = trials.flat().reduce((a, t) => a + t, 0);
    expect(model.meter.vjp).toEqual({ calls: K, rows: K * B * S });
    // F(M_0), then per iteration the probability's forward and the line search's trials.
    expect(model.meter.forward).toEqual({ calls: 1 + K + sumMax, rows: B + K * B * S + sumAll });
  });

  it('a memory bound that cuts inside a sample splits the rows, not the map', async () => {
    const whole = await runIGos(net, x, options);
    // 4 rows of 72 floats: the 3·5 = 15 points of an iteration in passes of 4, 4, 4 and 3.
    const model = meteredModel(net, emptyMeter());
    const cut = await runIGos(model, x, { ...options, memoryLimitBytes: 4 * D * 4 });
    expect(Array.from(cut.attribution.data)).toEqual(Array.from(whole.attribution.data));
    expect(model.meter.vjp.calls).toBe(iGosSettings.maxIterations * 4);
  });

  it("keeps each sample's noise stream: sample b alone draws as in the batch only at its index", async () => {
    const batch = await runIGos(net, x, options);
    const b = 2;
    const at = async (first: number) =>
      Array.from(
        (await runIGos(net, sliceBatch(x, b, b + 1), { ...options, target: [target[b]!] }, first))
          .attribution.data,
      );
    const own = Array.from(batch.attribution.data.subarray(b * D, (b + 1) * D));
    expect(await at(b)).toEqual(own);
    expect(await at(0)).not.toEqual(own);
  });

  it('rejects a first sample index that is not a non-negative integer', async () => {
    await expect(runIGos(net, x, options, -1)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/first sample's batch index .* received -1/),
    });
  });

  it('aborts a batch between model calls, after one iteration', async () => {
    const model = meteredModel(net, emptyMeter());
    await expectAbortFromProgress(iGos, model, x, options);
    expect(model.meter.vjp.calls).toBe(1);
  });
});

describe('isa: every pass over all samples', () => {
  it('aborts a batch between model calls, after one round', async () => {
    const model = meteredModel(net, emptyMeter());
    await expectAbortFromProgress(isa, model, x, { ...isaSettings, target });
    expect(model.meter.vjp.calls).toBe(isaSettings.ascentSteps + isaSettings.descentSteps);
    expect(model.meter.vjp.rows).toBe(B * (isaSettings.ascentSteps + isaSettings.descentSteps));
  });
});
