import { jsKernels, type Tensor } from '@xai/core';
import { linearModel, randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { expectSameMapPerSeed } from '../../test/helpers/expect-seeded.js';
import { isa, resolveIsaOptions, runIsa } from './isa.js';
import { evaluateIsaLoss } from './isa-loss.js';

const shape = [2, 3, 3];
const D = 18;

function sample(count: number, phase = 0): Tensor {
  return {
    data: Float32Array.from({ length: count * D }, (_, i) => Math.sin(0.37 * i + phase) * 1.5),
    shape: [count, ...shape],
  };
}

describe('isa', () => {
  it('follows eq. 2-11 by hand on a 4-feature linear model with L = z', async () => {
    // L = w·x with w = [2, 1, -0.5, -3], x = [1, -2, 3, -1], eta = 0.1, T1 = T2 = 1, k = 3, S = 1.5.
    // Round 0, g = w. Ascent moves where sign(g) != sign(x): features 1 and 2, by +0.1·sign(g):
    //   A_a = [0, 0.1, 0.05, 0], L: 1.5 -> 1.65, Ā_a = [0, 2/3, 1/3, 0].
    // Descent moves where sign(g) == sign(x): features 0 and 3, by -0.1·sign(g):
    //   A_d = [-0.2, 0, 0, -0.3], L: 1.5 -> 1.0, Ā_d = [0.4, 0, 0, 0.6].
    // Ā = [0.4, 2/3, 1/3, 0.6]; the 3 smallest are features 2, 0, 3 with min-max values
    // 0, 0.25, 1, scored 0, 0.375, 1.5.
    // Round 1, x = [0, -2, 0, 0]: ascent moves feature 1 (Ā_a = 1), descent moves nothing
    // (ΔL_d = 0, so Ā_d = 0); a single value normalises to 1: 1·1.5 + 1 = 2.5.
    const model = linearModel([4, 1, 1], Float64Array.of(2, 1, -0.5, -3), Float64Array.of(0));
    const x: Tensor = { data: Float32Array.of(1, -2, 3, -1), shape: [1, 4, 1, 1] };
    const r = await runIsa(model, x, {
      kernels: jsKernels,
      target: 0,
      loss: 'logit',
      learningRate: 0.1,
      ascentSteps: 1,
      descentSteps: 1,
      k: 3,
      scale: 1.5,
    });
    expect(r.rounds).toBe(2);
    expect(Array.from(r.round)).toEqual([0, 1, 0, 0]);
    const want = [0.375, 2.5, 0, 1.5];
    for (const [i, v] of want.entries()) expect(r.attribution.data[i]).toBeCloseTo(v, 5);
    expect(r.attribution.shape).toEqual([1, 4, 1, 1]);
  });

  it('attributes every feature once, in bands that rise with the round (S = 1)', async () => {
    const model = randomReluNetwork(shape, 12, 4, 3);
    const x = sample(2);
    const r = await runIsa(model, x, { kernels: jsKernels, target: [1, 2], k: 4, scale: 1 });
    expect(r.rounds).toBe(Math.ceil(D / 4));
    for (let b = 0; b < 2; b++) {
      const rounds = Array.from(r.round.subarray(b * D, (b + 1) * D));
      expect(rounds.every((g) => g >= 0 && g < r.rounds)).toBe(true);
      for (let g = 0; g < r.rounds; g++) {
        expect(rounds.filter((v) => v === g).length).toBe(
          g < r.rounds - 1 ? 4 : D - 4 * (r.rounds - 1),
        );
      }
      for (let i = 0; i < D; i++) {
        const a = r.attribution.data[b * D + i]!;
        const g = rounds[i]!;
        expect(a).toBeGreaterThanOrEqual(g - 1e-6);
        expect(a).toBeLessThanOrEqual(g + 1 + 1e-6);
      }
      // A feature removed in round g scores no higher than any removed in round g + 1.
      for (let g = 0; g + 1 < r.rounds; g++) {
        const hi = Math.max(
          ...rounds.flatMap((v, i) => (v === g ? [r.attribution.data[b * D + i]!] : [])),
        );
        const lo = Math.min(
          ...rounds.flatMap((v, i) => (v === g + 1 ? [r.attribution.data[b * D + i]!] : [])),
        );
        expect(hi).toBeLessThanOrEqual(lo + 1e-6);
      }
    }
  });

  it('gives each sample the same map in a batch of 3 as alone, in both presets', async () => {
    const model = randomReluNetwork(shape, 12, 4, 5);
    const x = sample(3, 0.4);
    for (const preset of ['paper', 'reference-code'] as const) {
      const opts = { target: [0, 3, 1], k: 5, preset, seed: 7, learningRate: 0.05 };
      const all = await isa.explain(model, x, opts);
      for (let b = 0; b < 3; b++) {
        const one = await isa.explain(
          model,
          { data: x.data.slice(b * D, (b + 1) * D), shape: [1, ...shape] },
          { ...opts, target: [opts.target[b]!] },
        );
        expect(Array.from(one.data)).toEqual(Array.from(all.data.subarray(b * D, (b + 1) * D)));
      }
    }
  });

  it('is deterministic per seed, and the noise depends on the seed', async () => {
    const model = randomReluNetwork(shape, 12, 4, 6);
    const x = sample(1, 1.1);
    const opts = {
      target: 2,
      k: 3,
      preset: 'reference-code' as const,
      learningRate: 0.2,
      noise: 0.5,
    };
    await expectSameMapPerSeed(isa, model, x, opts, [1, 2]);
  });

  it('reference-code preset: the last, short round scores highest, not 0', async () => {
    const model = randomReluNetwork(shape, 12, 4, 8);
    const x = sample(2, 0.3);
    const r = await runIsa(model, x, {
      kernels: jsKernels,
      target: 'predicted',
      k: 5,
      preset: 'reference-code',
    });
    expect(r.rounds).toBe(4); // 18 = 5 + 5 + 5 + 3
    const S = resolveIsaOptions({ preset: 'reference-code' }).scale;
    for (let b = 0; b < 2; b++) {
      const a = Array.from(r.attribution.data.subarray(b * D, (b + 1) * D));
      const last = a.filter((_, i) => r.round[b * D + i] === 3);
      expect(last.length).toBe(3);
      for (const v of last) {
        expect(v).toBeGreaterThanOrEqual(3);
        expect(v).toBeLessThanOrEqual(3 + S + 1e-6);
      }
      expect(Math.max(...a)).toBeCloseTo(3 + S, 5);
      expect(a.every(Number.isFinite)).toBe(true);
    }
  });

  it('reference-code by hand: no direction mask, norm term, recorded-step ΔL, |(Ā + min Ā)·x| ranking', async () => {
    // L = w·x - lambda·||x|| in ascent and w·x + lambda·||x|| in descent (loss 'logit', no
    // noise), lambda = 0.5, eta = 0.1, T1 = T2 = 2, k = 3 of 4 features. Every feature moves by
    // ±eta·sign(g) (no mask); A += Δx ⊙ g; ΔL = L recorded at step 1 minus step 0; the removed
    // three are min-max normalised with the code's epsilon 1e-6.
    const lam = 0.5;
    const eta = 0.1;
    const w = [2, -1, 0.5, -0.3];
    const x0 = [3, 4, -1, 2];
    const phase = (sign: 1 | -1) => {
      let x = [...x0];
      const acc = [0, 0, 0, 0];
      const L: number[] = [];
      for (let t = 0; t < 2; t++) {
        const n = Math.hypot(...x);
        L.push(w.reduce((s, v, i) => s + v * x[i]!, 0) - sign * lam * n);
        const g = x.map((v, i) => w[i]! - (sign * lam * v) / n);
        const dx = g.map((v) => sign * eta * Math.sign(v));
        for (let i = 0; i < 4; i++) acc[i]! += dx[i]! * g[i]!;
        x = x.map((v, i) => v + dx[i]!);
      }
      return acc.map((a) => a / (L[1]! - L[0]!));
    };
    const up = phase(1);
    const down = phase(-1);
    const total = up.map((v, i) => v + down[i]!);
    const lo = Math.min(...total);
    const score = total.map((v, i) => Math.abs((v + lo) * x0[i]!));
    const order = [0, 1, 2, 3].sort((i, j) => score[i]! - score[j]!);
    const [a, b, c] = order.map((i) => score[i]!);
    const model = linearModel([4, 1, 1], Float64Array.of(...w), Float64Array.of(0));
    const r = await runIsa(
      model,
      { data: Float32Array.from(x0), shape: [1, 4, 1, 1] },
      {
        kernels: jsKernels,
        target: 0,
        preset: 'reference-code',
        loss: 'logit',
        noise: 0,
        normPenalty: lam,
        learningRate: eta,
        ascentSteps: 2,
        descentSteps: 2,
        k: 3,
        scale: 1,
      },
    );
    expect(Array.from(r.round)).toEqual(order.map((_, i) => (i === order[3] ? 1 : 0)));
    expect(r.attribution.data[order[0]!]).toBe(0);
    expect(r.attribution.data[order[1]!]).toBeCloseTo((b! - a!) / (c! - a! + 1e-6), 5);
    expect(r.attribution.data[order[2]!]).toBeCloseTo((c! - a!) / (c! - a! + 1e-6), 5);
  });

  it('makes ceil(n/k)(T1 + T2) gradient passes and reports one progress event per round', async () => {
    const model = randomReluNetwork(shape, 12, 4, 9);
    const events: number[] = [];
    await isa.explain(model, sample(2), {
      target: [0, 1],
      k: 7,
      ascentSteps: 2,
      descentSteps: 3,
      onProgress: (e) => events.push(e.done),
    });
    const rounds = Math.ceil(D / 7);
    expect(model.calls.vjp).toBe(rounds * 5);
    // One forward per gradient pass (cross-entropy's cotangent) and L at the end of each phase.
    expect(model.calls.forward).toBe(rounds * 5 + rounds * 2);
    expect(events).toEqual([1, 2, 3]);
  });

  it('aborts between model calls', async () => {
    const model = randomReluNetwork(shape, 12, 4, 9);
    await expectAbortFromProgress(isa, model, sample(1), { target: 0, k: 2 });
    expect(model.calls.vjp).toBe(16); // stopped after the first round
  });

  it('takes the reference-code constants from the preset, overridable', () => {
    // A few of the preset's constants show it was applied; test/isa-golden.test.ts checks
    // them all at once, against the maps of the authors' code.
    expect(resolveIsaOptions({ preset: 'reference-code' })).toMatchObject({
      learningRate: 0.004,
      loss: 'probability-cross-entropy',
      rankBy: 'shifted-attribution-times-input',
    });
    expect(resolveIsaOptions({ preset: 'reference-code', noise: undefined }).noise).toBe(0.05);
    expect(() => resolveIsaOptions({ rankBy: 'x' as never })).toThrow(
      /Expected rankBy to be one of 'attribution', 'shifted-attribution-times-input' for isa but received "x"/,
    );
    expect(() => resolveIsaOptions({ authorsBugs: ['grad' as never] })).toThrow(
      /authorsBugs to be one of 'last-round'/,
    );
    expect(resolveIsaOptions({})).toMatchObject({ k: 5000, learningRate: 0.002, scale: 1.1 });
    expect(resolveIsaOptions({ preset: 'reference-code', scale: 1 }).scale).toBe(1);
    expect(() => resolveIsaOptions({ k: 0 })).toThrow(/k to be an integer/);
  });

  it('probability-cross-entropy is -log softmax(softmax(z))_t with the matching gradient', () => {
    const z = Float32Array.of(0.3, -1.2, 2.0, 0.5);
    const t = Int32Array.of(2);
    const r = evaluateIsaLoss('probability-cross-entropy', { data: z, shape: [1, 4] }, t);
    const f = (v: Float32Array) => {
      const e = Array.from(v, Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      const q = e.map((u) => Math.exp(u / s));
      return -Math.log(q[2]! / q.reduce((a, b) => a + b, 0));
    };
    expect(r.value[0]).toBeCloseTo(f(z), 6);
    for (let c = 0; c < 4; c++) {
      const h = 1e-3;
      const up = Float32Array.from(z);
      const dn = Float32Array.from(z);
      up[c]! += h;
      dn[c]! -= h;
      expect(r.grad.data[c]).toBeCloseTo((f(up) - f(dn)) / (2 * h), 3);
    }
  });
});
