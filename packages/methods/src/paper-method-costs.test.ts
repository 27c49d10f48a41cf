/**
 * The cost of each paper method in model passes, counted, not timed: the calls an analytic
 * model serves (forward, vjp, jvp, and the rows they carry) equal the formula in the
 * method's doc comment, written here independently. Where the count depends on the data
 * (backtracking, the lambda1 sweep, the line search, the hinge), the method reports the
 * quantities and the formula takes them as inputs.
 */
import {
  createRng,
  jsKernels,
  type Model,
  meteredModel,
  resolveOptions,
  type Tensor,
} from '@xai/core';
import { randomReluNetwork, randomReluWeights } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { noisyReluNetwork } from '../test/noisy-relu-network.js';
import { runInvariantPerturbation } from './perturbation/invariant-perturbation.js';
import { runIGos } from './search/i-gos.js';
import { runIsa } from './search/isa.js';
import { cafo } from './second-order/cafo.js';
import { caso } from './second-order/caso.js';
import { runContextAware } from './second-order/context-aware.js';
import { smoothCafo } from './second-order/smooth-cafo.js';
import { smoothCaso } from './second-order/smooth-caso.js';
import { adaptGrad } from './smoothing/adapt-grad.js';
import { smoothGrad } from './smoothing/smooth-grad.js';

interface Counts {
  forward: number;
  vjp: number;
  jvp: number;
  /** Rows over all calls. */
  rows: number;
  variants: number;
}

/**
 * Counts the calls of `inner` and of every weight-noise variant made from it: core's
 * `meteredModel`, its counts read the way the formulas below are written.
 */
function counting(inner: Model): ReturnType<typeof meteredModel> & { readonly counts: Counts } {
  const m = meteredModel(inner) as ReturnType<typeof meteredModel> & { readonly counts: Counts };
  const { meter } = m;
  Object.defineProperty(m, 'counts', {
    get: (): Counts => ({
      forward: meter.forward.calls,
      vjp: meter.vjp.calls,
      jvp: meter.jvp.calls,
      rows: meter.forward.rows + meter.vjp.rows + meter.jvp.rows,
      variants: meter.variants,
    }),
  });
  return m;
}

function input(shape: readonly number[], batch: number, seed: number): Tensor {
  const rng = createRng(seed, 5);
  const n = batch * shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => rng.normal()), shape: [batch, ...shape] };
}

const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
const ceil = Math.ceil;

describe('cost in model passes', () => {
  it("isa: R (T1 + T2) vjp; forward: one per gradient for non-logit losses, 2R (+R with noise) for lossChange 'phase', +1 predicted", async () => {
    const shape = [2, 2, 3];
    const n = 12;
    // Loss evaluations per round outside the gradient passes: L(x_T) of each phase, and L(x_0)
    // when noise keeps the first gradient pass from giving it; 'recorded-steps' needs none.
    for (const [opts, lossNeedsForward, phaseLosses, predicted] of [
      [{ preset: 'paper', loss: 'logit', target: [1, 0] }, 0, 2, 0],
      [{ preset: 'paper', target: 'predicted' }, 1, 2, 1],
      [{ preset: 'paper', noise: 0.05, target: [1, 0] }, 1, 3, 0],
      [{ preset: 'reference-code', target: 'predicted' }, 1, 0, 1],
    ] as const) {
      const model = counting(randomReluNetwork(shape, 10, 3, 4));
      const k = 5;
      const T1 = 2;
      const T2 = 3;
      const r = await runIsa(model, input(shape, 2, 1), {
        kernels: jsKernels,
        ...opts,
        k,
        ascentSteps: T1,
        descentSteps: T2,
      });
      const R = ceil(n / k);
      expect(r.rounds).toBe(R);
      expect(model.counts.vjp).toBe(R * (T1 + T2));
      expect(model.counts.forward).toBe(
        lossNeedsForward * R * (T1 + T2) + phaseLosses * R + predicted,
      );
      expect(model.counts.jvp).toBe(0);
      // Every call carries the whole batch of 2.
      expect(model.counts.rows).toBe(2 * (model.counts.vjp + model.counts.forward));
    }
  });

  it('i-gos: K vjp (K B S rows); forward K (probability) + 1 + sum_k max_b trials + 1 predicted', async () => {
    const shape = [2, 6, 6];
    const B = 2;
    const K = 3;
    const S = 4;
    for (const objective of ['probability', 'logit'] as const) {
      const model = counting(randomReluNetwork(shape, 16, 4, 14));
      const r = await runIGos(model, input(shape, B, 3), {
        target: 'predicted',
        maskSize: 3,
        maxIterations: K,
        integrationSteps: S,
        objective,
        l1: 0.01,
        tv: 0.01,
        seed: 2,
      });
      expect(r.trace).toHaveLength(K);
      const trials = r.trace.map((it) => it.map((s) => s.trials));
      // The line search is data-dependent: report it, and check it ran more than once somewhere.
      expect(sum(trials.flat())).toBeGreaterThan(K * B);
      const perGradient = objective === 'probability' ? 1 : 0;
      expect(model.counts.vjp).toBe(K);
      expect(model.counts.forward).toBe(
        1 + 1 + perGradient * K + sum(trials.map((t) => Math.max(...t))),
      );
      expect(model.counts.jvp).toBe(0);
      expect(model.counts.rows).toBe(B + B + (1 + perGradient) * K * B * S + sum(trials.flat()));
    }
  });

  describe.each([
    ['cafo', cafo, 1],
    ['smooth-cafo', smoothCafo, 1],
    ['caso', caso, 2],
    ['smooth-caso', smoothCaso, 2],
  ] as const)('%s', (name, method, order) => {
    const shape = [2, 4, 4];
    const B = 2;

    it('gradient: 1 forward + 1 vjp over B n rows; power iteration: P jvp + P vjp; FISTA: one HVP per call of the smooth part after the first (order 2)', async () => {
      const model = counting(randomReluNetwork(shape, 24, 5, 2));
      const x = input(shape, B, 1);
      const P = 4;
      const n = name.startsWith('smooth') ? 3 : 1;
      const r = await runContextAware(
        model,
        x,
        order,
        resolveOptions(method, {
          target: 'predicted' as const,
          seed: 1,
          powerIterations: P,
          iterations: 6,
          ...(n > 1 ? { samples: n } : {}),
        }),
      );
      expect(r.powerIterations).toBe(P);
      // The sweep: each sample tried its decades (and maybe halvings) in at most two batched FISTA runs.
      const lambda1Values = r.candidates.map((c) => c.length);
      for (const v of lambda1Values) expect(v).toBeGreaterThan(1);
      expect(r.fistaRuns.length).toBeGreaterThanOrEqual(1);
      expect(r.fistaRuns.length).toBeLessThanOrEqual(2);
      // FISTA with a quadratic smooth part: 1 + iterations + backtracking rounds calls.
      for (const run of r.fistaRuns) expect(run.calls).toBe(1 + 6 + run.backtrackRounds);
      // H 0 = 0: the first call (Delta = 0) needs no model; every later one is one HVP.
      const fistaHvps = order === 2 ? sum(r.fistaRuns.map((f) => f.calls - 1)) : 0;
      const hvps = P + fistaHvps;
      expect(model.counts.forward).toBe(1 + 1); // 'predicted', then the cross-entropy's logits
      expect(model.counts.vjp).toBe(1 + hvps);
      expect(model.counts.jvp).toBe(hvps);
      if (order === 1) {
        // Rows: B (predicted) + 2 B n (gradient) + 2 P B n (power iteration), nothing else.
        expect(model.counts.rows).toBe(B + 2 * B * n + 2 * P * B * n);
      }
    });

    it('fixed lambda1 and lambda2: no power iteration, one FISTA run', async () => {
      const model = counting(randomReluNetwork(shape, 24, 5, 2));
      const r = await runContextAware(
        model,
        input(shape, B, 4),
        order,
        resolveOptions(method, {
          target: [0, 1],
          lambda1: 1e-3,
          lambda2: 20,
          iterations: 5,
          samples: 2,
          sigma: 0.1,
        }),
      );
      expect(r.powerIterations).toBe(0);
      expect(r.fistaRuns).toHaveLength(1);
      const f = r.fistaRuns[0]!;
      expect(f.problems).toBe(B);
      expect(f.calls).toBe(1 + 5 + f.backtrackRounds);
      const hvps = order === 2 ? f.calls - 1 : 0;
      expect(model.counts).toMatchObject({ forward: 1, vjp: 1 + hvps, jvp: hvps });
    });
  });

  describe.each([
    ['smooth-grad', smoothGrad],
    ['adapt-grad', adaptGrad],
  ] as const)('%s', (_name, method) => {
    const shape = [2, 2, 3];
    const B = 2;
    const N = 5;
    const b = 3; // maxBatchSize

    it('B N (x steps) gradient passes in ceil(B N steps / b) vjp calls; a forward before each for non-logit objectives; 1 for predicted', async () => {
      for (const [inner, steps, objective] of [
        ['gradient', 1, 'logit'],
        ['gradient-x-input', 1, 'probability'],
        ['integrated-gradients', 4, 'logit'],
      ] as const) {
        const model = counting(randomReluNetwork(shape, 10, 3, 4));
        await method.explain(model, input(shape, B, 2), {
          target: 'predicted',
          samples: N,
          inner,
          steps,
          objective,
          maxBatchSize: b,
          seed: 1,
        });
        const points = B * N * steps;
        const calls = ceil(points / b);
        expect(model.counts.vjp).toBe(calls);
        expect(model.counts.forward).toBe((objective === 'logit' ? 0 : calls) + ceil(B / b));
        expect(model.counts.rows).toBe((objective === 'logit' ? 1 : 2) * points + B);
        expect(model.counts.jvp).toBe(0);
      }
    });

    it('with weightNoise: K variants and K times the gradient passes', async () => {
      const model = counting(noisyReluNetwork(shape, randomReluWeights(shape, 10, 3, 4)));
      const K = 3;
      await method.explain(model, input(shape, B, 2), {
        target: 'predicted',
        samples: N,
        maxBatchSize: b,
        weightNoise: { models: K, sigma: 0.1 },
      });
      expect(model.counts.variants).toBe(K);
      expect(model.counts.vjp).toBe(K * ceil((B * N) / b));
      expect(model.counts.forward).toBe(ceil(B / b)); // 'predicted', once, on the plain model
      expect(model.counts.rows).toBe(K * B * N + B);
    });
  });

  it('invariant-perturbation: steps ceil(B M / b) forward (B steps M rows) + 1 predicted; vjp where the hinge is active', async () => {
    const shape = [1, 3, 3];
    const B = 2;
    const steps = 12;
    const M = 5;
    const b = 4;
    const model = counting(randomReluNetwork(shape, 12, 3, 6));
    const r = await runInvariantPerturbation(model, input(shape, B, 7), {
      target: 'predicted',
      samples: M,
      steps,
      learningRate: 0.5,
      upperBound: 4,
      maxBatchSize: b,
      seed: 1,
    });
    // The rows of both samples share batches: 10 rows in 3 calls a step, not 2 · ceil(5 / 4) = 4.
    const batches = steps * ceil((B * M) / b);
    expect(batches).toBe(steps * 3);
    expect(model.counts.forward).toBe(1 + batches);
    expect(model.meter.forward.rows).toBe(B + B * steps * M);
    // The hinge was active on some batches and not on others: the count is really data-dependent.
    expect(r.vjpCalls).toBeGreaterThan(0);
    expect(r.vjpCalls).toBeLessThan(batches);
    expect(model.counts.vjp).toBe(r.vjpCalls);
    expect(model.counts.jvp).toBe(0);
  });
});
