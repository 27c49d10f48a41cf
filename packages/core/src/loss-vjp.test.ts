import { describe, expect, it } from 'vitest';
import { randomReluNetwork } from './analytic/index.js';
import { XaiError } from './errors.js';
import { lossGradient } from './loss-gradient.js';
import { meteredModel } from './metered-model.js';
import type { Model } from './model.js';
import { shiftedInputModel } from './shifted-model.js';
import { argmaxRows } from './softmax.js';
import { type Loss, type LossName, lossNames, toLoss } from './targets/loss.js';
import type { Tensor } from './tensor.js';
import { withoutLossVjp } from './testing/without-loss-vjp.js';

// `Model.lossVjp` (one pass for the logits, the loss's cotangent and the gradient) as
// `lossGradient` uses it, with a model whose lossVjp seeds its own vjp in JavaScript and
// marks its gradients, so a test sees which path ran.
const shape = [1, 2, 3];
const batch = 5;
const x: Tensor = {
  data: Float32Array.from({ length: batch * 6 }, (_, i) => Math.sin(0.9 * i)),
  shape: [batch, ...shape],
};

/** The dense model plus a lossVjp that counts its calls and what it was asked. */
function seededModel() {
  const inner = randomReluNetwork(shape, 10, 4, 7);
  const asked: Array<{ rows: number; loss: LossName; targets: Int32Array | 'predicted' }> = [];
  const model: Model = {
    inputShape: inner.inputShape,
    numClasses: inner.numClasses,
    forward: (t) => inner.forward(t),
    vjp: (t, u) => inner.vjp(t, u),
    jvp: (t, v) => inner.jvp(t, v),
    lossVjp: async (t, loss, targets) => {
      asked.push({ rows: t.shape[0]!, loss, targets });
      const logits = await inner.forward(t);
      const rows =
        targets === 'predicted' ? argmaxRows(logits.data, t.shape[0]!, inner.numClasses) : targets;
      return inner.vjp(t, toLoss(loss).gradient(logits, rows));
    },
  };
  return { inner, model, asked };
}

describe('lossGradient with Model.lossVjp', () => {
  it('takes one lossVjp pass per chunk and no forward, with the same results as forward + vjp', async () => {
    for (const loss of lossNames) {
      for (const target of [[0, 1, 2, 3, 1], 'predicted'] as const) {
        const { model, asked } = seededModel();
        const metered = meteredModel(model);
        const old = meteredModel(withoutLossVjp(model));
        const got = await lossGradient(metered, x, loss, target, { maxBatchSize: 2 });
        const want = await lossGradient(old, x, loss, target, { maxBatchSize: 2 });
        // The target logit's gradient needs no logits: given classes keep the single vjp.
        const seeded = loss !== 'logit' || target === 'predicted';
        expect(metered.meter.forward.calls).toBe(0);
        expect(metered.meter.vjp).toEqual({ calls: 3, rows: batch });
        expect(asked.length).toBe(seeded ? 3 : 0);
        if (seeded)
          expect(asked.map((a) => [a.rows, a.loss])).toEqual([
            [2, loss],
            [2, loss],
            [1, loss],
          ]);
        expect(Array.from(got.grad.data)).toEqual(Array.from(want.grad.data));
        expect(Array.from(got.logits.data)).toEqual(Array.from(want.logits.data));
        expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
        expect(Array.from(got.value)).toEqual(Array.from(want.value));
        // Without lossVjp: a forward and a vjp per chunk where the loss needs the logits.
        expect(old.meter.forward.calls).toBe(seeded ? 3 : 0);
        expect(old.meter.vjp.calls).toBe(3);
      }
    }
  });

  it("resolves 'predicted' from the logits of the pass and asks the model for it", async () => {
    const { model, asked } = seededModel();
    const r = await lossGradient(model, x, 'cross-entropy', 'predicted');
    expect(asked.map((a) => a.targets)).toEqual(['predicted']);
    expect(Array.from(r.targets)).toEqual(Array.from(argmaxRows(r.logits.data, batch, 4)));
  });

  it('leaves a custom Loss instance to forward + vjp, even one named like a built-in', async () => {
    const { model, asked } = seededModel();
    const impostor: Loss = { ...toLoss('probability') };
    await lossGradient(model, x, impostor, 2);
    expect(asked.length).toBe(0);
  });

  it('checks the targets before any pass', async () => {
    const { model, asked } = seededModel();
    const metered = meteredModel(model);
    const codes: string[] = [];
    for (const bad of [4, [0, 1, 2], [0, 1, 2, 3, -1]]) {
      await lossGradient(metered, x, 'cross-entropy', bad).catch((e: unknown) => {
        expect(e).toBeInstanceOf(XaiError);
        codes.push((e as XaiError).code);
      });
    }
    expect(codes).toEqual(['TARGET_OUT_OF_RANGE', 'SHAPE_MISMATCH', 'TARGET_OUT_OF_RANGE']);
    expect(asked.length).toBe(0);
    expect(metered.meter.vjp.calls + metered.meter.forward.calls).toBe(0);
  });
});

describe('wrappers and lossVjp', () => {
  it('meteredModel passes it through as one vjp pass, and leaves it absent when absent', async () => {
    const { model, asked } = seededModel();
    const metered = meteredModel(model);
    const t = Int32Array.from([1, 1, 0, 2, 3]);
    const r = await metered.lossVjp!(x, 'log-softmax', t);
    expect(asked).toEqual([{ rows: batch, loss: 'log-softmax', targets: t }]);
    expect(metered.meter.vjp).toEqual({ calls: 1, rows: batch });
    expect(Array.from(r.grad.data)).toEqual(
      Array.from((await model.lossVjp!(x, 'log-softmax', t)).grad.data),
    );
    expect('lossVjp' in meteredModel(withoutLossVjp(model))).toBe(false);
  });

  it('shiftedInputModel passes it the shifted input, and leaves it absent when absent', async () => {
    const { model, asked } = seededModel();
    const shifted = shiftedInputModel(model, 0.25);
    const moved: Tensor = { data: x.data.map((v) => v + 0.25), shape: x.shape };
    const got = await shifted.lossVjp!(moved, 'probability', 'predicted');
    expect(asked.length).toBe(1);
    const want = await shifted.vjp(
      moved,
      toLoss('probability').gradient(
        got.logits,
        argmaxRows((await shifted.forward(moved)).data, batch, 4),
      ),
    );
    expect(Array.from(got.grad.data)).toEqual(Array.from(want.grad.data));
    expect('lossVjp' in shiftedInputModel(withoutLossVjp(model), 0.25)).toBe(false);
  });
});
