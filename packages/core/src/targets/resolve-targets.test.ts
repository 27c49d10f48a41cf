import { describe, expect, it } from 'vitest';
import { randomLinearModel } from '../analytic/index.js';
import { XaiError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { resolveTargets } from './resolve-targets.js';
import { checkTargets } from './target.js';

async function codeOf(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return XaiError.isInstance(e) ? e.code : 'not an XaiError';
  }
  return undefined;
}

const shape = [2, 3];
const batch = 7;
const x: Tensor = {
  data: Float32Array.from({ length: batch * 6 }, (_, i) => Math.sin(1.3 * i + 0.2)),
  shape: [batch, ...shape],
};

/** The argmax of each row of the model's logits, computed sample by sample. */
async function argmaxOneByOne(model: ReturnType<typeof randomLinearModel>): Promise<number[]> {
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    const z = await model.forward({ data: x.data.slice(b * 6, b * 6 + 6), shape: [1, ...shape] });
    out.push(z.data.indexOf(Math.max(...z.data)));
  }
  return out;
}

describe('resolveTargets', () => {
  it('repeats one index and copies per-sample indices without running the model', async () => {
    const model = randomLinearModel(shape, 5, 3);
    expect([...(await resolveTargets(model, x, 2))]).toEqual(Array(batch).fill(2));
    const list = [4, 0, 1, 2, 3, 4, 0];
    expect([...(await resolveTargets(model, x, list))]).toEqual(list);
    expect([...(await resolveTargets(model, x, Int32Array.from(list)))]).toEqual(list);
    expect(model.calls.forward).toBe(0);
  });

  it("resolves 'predicted' by forward passes no larger than the memory bound", async () => {
    const model = randomLinearModel(shape, 5, 3);
    const want = await argmaxOneByOne(model);
    expect(new Set(want).size).toBeGreaterThan(1); // the rows really differ
    model.calls.forward = 0;
    model.calls.samples = 0;
    // 6 floats a sample = 24 bytes: a 50-byte bound allows 2 samples a call.
    const got = await resolveTargets(model, x, 'predicted', { memoryLimitBytes: 50 });
    expect([...got]).toEqual(want);
    expect(model.calls.forward).toBe(4);
    expect(model.calls.samples).toBe(batch);
    model.calls.forward = 0;
    expect([...(await resolveTargets(model, x, 'predicted', { maxBatchSize: 3 }))]).toEqual(want);
    expect(model.calls.forward).toBe(3);
  });

  it("uses the caller's logits for 'predicted' instead of a forward pass", async () => {
    const model = randomLinearModel(shape, 3, 1);
    const logits = {
      data: Float32Array.from({ length: batch * 3 }, (_, i) => i % 4),
      shape: [batch, 3],
    };
    const got = await resolveTargets(model, x, 'predicted', { logits });
    // Rows (0,1,2) (3,0,1) (2,3,0) (1,2,3) (0,1,2) (3,0,1) (2,3,0).
    expect([...got]).toEqual([2, 0, 1, 2, 2, 0, 1]);
    expect(model.calls.forward).toBe(0);
    const wrong = { data: new Float32Array(6), shape: [2, 3] };
    expect(await codeOf(() => resolveTargets(model, x, 'predicted', { logits: wrong }))).toBe(
      'SHAPE_MISMATCH',
    );
  });

  it("names the sample whose logits are not finite when resolving 'predicted'", async () => {
    // A model whose logits for sample 5 hold NaN (a broken export, say).
    const model = randomLinearModel(shape, 4, 2);
    let seen = 0;
    const broken = {
      numClasses: 4,
      forward: async (t: Tensor) => {
        const z = await model.forward(t);
        const rows = t.shape[0]!;
        if (seen <= 5 && 5 < seen + rows) z.data[(5 - seen) * 4 + 1] = Number.NaN;
        seen += rows;
        return z;
      },
    };
    await expect(resolveTargets(broken, x, 'predicted', { maxBatchSize: 2 })).rejects.toThrow(
      /sample 5 has logit NaN for class 1/,
    );
    seen = 0;
    expect(await codeOf(() => resolveTargets(broken, x, 'predicted'))).toBe('NON_FINITE_INPUT');
  });

  it('names the culprit and the fix for bad explicit targets, before any model call', async () => {
    const model = randomLinearModel(shape, 5, 3);
    expect(await codeOf(() => resolveTargets(model, x, 5))).toBe('TARGET_OUT_OF_RANGE');
    expect(await codeOf(() => resolveTargets(model, x, -1))).toBe('TARGET_OUT_OF_RANGE');
    expect(await codeOf(() => resolveTargets(model, x, 1.5))).toBe('TARGET_OUT_OF_RANGE');
    expect(await codeOf(() => resolveTargets(model, x, Number.NaN))).toBe('TARGET_OUT_OF_RANGE');
    await expect(resolveTargets(model, x, [0, 1, 2, 3, 4, 7, 0])).rejects.toThrow(
      /target of sample 5 to be an integer in \[0, 4\] but received 7; the model has 5 classes/,
    );
    await expect(resolveTargets(model, x, [1, 2])).rejects.toThrow(
      /one target per sample \(7\) but received 2; pass one class index/,
    );
    expect(await codeOf(() => resolveTargets(model, x, 'top' as never))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => resolveTargets(model, x, ['1'] as never))).toBe('SHAPE_MISMATCH');
    expect(model.calls.forward).toBe(0);
  });

  it('stops between forward passes when the signal fires', async () => {
    const model = randomLinearModel(shape, 5, 3);
    const controller = new AbortController();
    const forward = model.forward.bind(model);
    const counting = {
      numClasses: 5,
      forward: async (t: Tensor) => {
        controller.abort();
        return forward(t);
      },
    };
    const run = resolveTargets(counting, x, 'predicted', {
      maxBatchSize: 1,
      signal: controller.signal,
    });
    expect(await codeOf(() => run)).toBe('ABORTED');
    expect(model.calls.forward).toBe(1);
  });
});

describe('checkTargets', () => {
  it('rejects a string element inside a list with the index it sits at', () => {
    expect(() => checkTargets(['a'] as never, 1, 3)).toThrow(/sample 0.*received 'a'/);
  });
});
