import { existsSync, readFileSync } from 'node:fs';
import {
  type LossName,
  lossGradient,
  lossNames,
  meteredModel,
  sliceBatch,
  type Tensor,
  toLoss,
  XaiError,
} from '@xai/core';
import { withoutLossVjp } from '@xai/core/testing';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel, type OnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';

// `lossVjp` runs the forward, the loss's cotangent (float64, in the graph) and the VJP in
// one session run. Its input gradient must equal, bitwise, `vjp` seeded with the
// cotangent core computes in JavaScript from the logits of that pass; and core's old
// forward + vjp path, which computes the cotangent from a separate forward session's
// logits, where those logits are the gradient graph's (the fixtures). On some zoo models
// ONNX Runtime's forward session rounds differently from the gradient graph's forward
// (other fusions): the old path's cotangent then came from slightly other logits, and the
// two paths differ by that (the sizes are printed).

const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** The largest differences seen, by model, for the record (printed after the suite). */
const seen: string[] = [];
afterAll(() => {
  if (seen.length > 0) console.log(`lossVjp vs forward + vjp:\n${seen.join('\n')}`);
});

/**
 * For every loss and both kinds of target: lossVjp's gradient is vjp's for the cotangent
 * of its own logits, bitwise; against the old path, bitwise when `sameLogits` (the forward
 * session's logits are the gradient graph's), else the difference is recorded.
 */
async function comparePaths(
  name: string,
  model: OnnxModel,
  x: Tensor,
  sameLogits: boolean,
): Promise<void> {
  const B = x.shape[0]!;
  const given = Int32Array.from({ length: B }, (_, b) => (3 * b + 1) % model.numClasses);
  const forwardLogits = await model.forward(x);
  let worst = 0;
  for (const loss of lossNames) {
    for (const target of [given, 'predicted'] as const) {
      const got = await lossGradient(model, x, loss, target);
      const want = await lossGradient(withoutLossVjp(model), x, loss, target);
      const exact = await model.vjp(x, toLoss(loss).gradient(got.logits, got.targets));
      expect(Array.from(got.grad.data)).toEqual(Array.from(exact.grad.data));
      expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
      expect(Array.from(got.logits.data)).toEqual(Array.from(want.logits.data));
      expect(Array.from(got.value)).toEqual(Array.from(want.value));
      if (sameLogits) expect(Array.from(got.grad.data)).toEqual(Array.from(want.grad.data));
      worst = Math.max(worst, maxDiff(got.grad.data, want.grad.data) / maxAbs(want.grad.data));
    }
  }
  const logitsDiff = maxDiff(forwardLogits.data, (await model.vjp(x, forwardLogits)).logits.data);
  if (sameLogits) expect(logitsDiff).toBe(0);
  seen.push(
    `  ${name}: forward vs gradient-graph logits ${logitsDiff}; gradients ${worst} of max |grad|`,
  );
}

describe('OnnxModel.lossVjp equals forward + vjp', () => {
  const inputs = loadFixtureInputs();
  for (const name of ['cnn', 'resnet', 'mlp'] as const) {
    it(`on the fixture ${name}, 8 real images`, async () => {
      const model = await loadOnnxModel(fixtureModelPath(name));
      try {
        await comparePaths(name, model, sliceBatch(inputs, 0, 8), true);
      } finally {
        await model.dispose();
      }
    }, 120_000);
  }

  const zooDir = new URL('./zoo-ci/', import.meta.url);
  const zoo: Array<{ name: string; file: string; inputShape: number[] }> = existsSync(
    new URL('manifest.json', zooDir),
  )
    ? JSON.parse(readFileSync(new URL('manifest.json', zooDir), 'utf8'))
    : [];
  it.each(zoo)(
    'on the tiny zoo model $name, 3 random inputs',
    async (e) => {
      const model = await loadOnnxModel(new URL(e.file, zooDir).pathname);
      try {
        await comparePaths(e.name, model, randn([3, ...e.inputShape], 5, 0), false);
      } finally {
        await model.dispose();
      }
    },
    120_000,
  );

  it('under backward rules (guided backprop): the variant seeds its own graph', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    const guided = await model.withBackwardRules({ relu: 'guided' });
    try {
      const x = sliceBatch(inputs, 8, 12);
      for (const loss of ['probability', 'cross-entropy'] as const) {
        const got = await lossGradient(guided, x, loss, 'predicted');
        const want = await lossGradient(withoutLossVjp(guided), x, loss, 'predicted');
        const plainGrad = await lossGradient(model, x, loss, 'predicted');
        expect(Array.from(got.grad.data)).toEqual(Array.from(want.grad.data));
        expect(Array.from(got.grad.data)).not.toEqual(Array.from(plainGrad.grad.data));
      }
    } finally {
      await guided.dispose();
      await model.dispose();
    }
  }, 60_000);
});

// x [B, 4] -> logits W x (Gemm with a zero bias, as opsets before 11 want) with W's rows 1 and 3
// different but tied at x = [1, 1, 0, 0] (both 2, exactly), above the other two:
// 'predicted' must take class 1, the first.
const tiedWeights = [0.5, 0.5, 0, 0, 2, 0, 1, 0, -1, 0, 0, 1, 0, 2, -1, 3];
const tied = (opset: number) =>
  tinyModel(
    [4],
    (b, x) =>
      b.op(
        'Gemm',
        [x, b.float(tiedWeights, [4, 4]), b.float([0, 0, 0, 0], [4])],
        [attr.int('transB', 1)],
      ),
    { opset },
  );

describe('OnnxModel.lossVjp seeds', () => {
  // 11: ReduceSum and ReduceMax take attribute axes; 13: ReduceSum's are an input; 18: both.
  it.each([11, 13, 18])(
    "at opset %i, the first of tied logits for 'predicted', like resolveTargets",
    async (opset) => {
      const model = await loadOnnxModel(tied(opset), { inputShape: [4] });
      try {
        const x: Tensor = { data: Float32Array.from([1, 1, 0, 0]), shape: [1, 4] };
        const logits = await model.forward(x);
        expect(Array.from(logits.data)).toEqual([1, 2, -1, 2]);
        for (const loss of lossNames) {
          const predicted = await model.lossVjp(x, loss, 'predicted');
          const first = await model.lossVjp(x, loss, Int32Array.from([1]));
          const last = await model.lossVjp(x, loss, Int32Array.from([3]));
          expect(Array.from(predicted.grad.data)).toEqual(Array.from(first.grad.data));
          expect(Array.from(predicted.grad.data)).not.toEqual(Array.from(last.grad.data));
          const old = await lossGradient(withoutLossVjp(model), x, loss, 'predicted');
          expect(Array.from(predicted.grad.data)).toEqual(Array.from(old.grad.data));
        }
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );

  it('with the loss asked: each loss gives its own gradient, cross-entropy minus log-softmax', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const x = sliceBatch(loadFixtureInputs(), 20, 24);
      const t = Int32Array.from([0, 3, 5, 9]);
      const grads = new Map<LossName, Float32Array>();
      for (const loss of lossNames) grads.set(loss, (await model.lossVjp(x, loss, t)).grad.data);
      // The VJP is linear in the seed, and negation is exact: -(e_t - p) = p - e_t.
      expect(Array.from(grads.get('cross-entropy')!)).toEqual(
        Array.from(grads.get('log-softmax')!, (v) => -v),
      );
      const distinct = new Set(lossNames.slice(0, 3).map((l) => grads.get(l)!.join(',')));
      expect(distinct.size).toBe(3);
    } finally {
      await model.dispose();
    }
  }, 60_000);

  it('under the memory bound: the same planner as vjp, the same results in chunks', async () => {
    const whole = await loadOnnxModel(fixtureModelPath('resnet'));
    const bounded = await loadOnnxModel(fixtureModelPath('resnet'), { maxBatchSize: 2 });
    const lines: string[] = [];
    vi.stubEnv('XAI_MEMORY_LOG', '1');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      lines.push(String(s));
      return true;
    });
    try {
      const x = sliceBatch(loadFixtureInputs(), 30, 35);
      const want = await whole.lossVjp(x, 'probability', 'predicted');
      lines.length = 0;
      const metered = meteredModel(bounded);
      const got = await lossGradient(metered, x, 'probability', 'predicted');
      const plans = lines
        .filter((l) => l.startsWith('xai-memory'))
        .map((l) => JSON.parse(l.slice('xai-memory '.length)));
      // One line per pass: the rows left and the pass's batch.
      expect(plans.map((p) => [p.pass, p.rows, p.batch])).toEqual([
        ['gradient', 5, 2],
        ['gradient', 3, 2],
        ['gradient', 1, 1],
      ]);
      expect(metered.meter.vjp.calls).toBe(1);
      expect(metered.meter.forward.calls).toBe(0);
      expect(Array.from(got.grad.data)).toEqual(Array.from(want.grad.data));
      expect(Array.from(got.logits.data)).toEqual(Array.from(want.logits.data));
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
      await whole.dispose();
      await bounded.dispose();
    }
  }, 60_000);

  it('refuses bad targets, losses and inputs with an XaiError before any pass', async () => {
    const model = await loadOnnxModel(fixtureModelPath('mlp'));
    try {
      const x = sliceBatch(loadFixtureInputs(), 0, 2);
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: unknown) => (e instanceof XaiError ? e.code : String(e)),
        );
      expect(await code(model.lossVjp(x, 'probability', Int32Array.from([0, 10])))).toBe(
        'TARGET_OUT_OF_RANGE',
      );
      expect(await code(model.lossVjp(x, 'probability', Int32Array.from([0])))).toBe(
        'SHAPE_MISMATCH',
      );
      expect(await code(model.lossVjp(x, 'hinge' as LossName, 'predicted'))).toBe(
        'INVALID_ARGUMENT',
      );
      expect(
        await code(model.lossVjp({ data: x.data, shape: [1, 2, 784] }, 'logit', 'predicted')),
      ).toBe('SHAPE_MISMATCH');
    } finally {
      await model.dispose();
    }
  }, 60_000);
});
