import { describe, expect, it } from 'vitest';
import { XaiError } from '../errors.js';
import { evaluateLoss, type Loss, losses, lossNames, toLoss } from './loss.js';

// Deterministic, varied logits without a generator: two samples, five classes.
const logits = {
  data: Float32Array.from({ length: 10 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3)),
  shape: [2, 5],
};
const targets = Int32Array.from([3, 0]);

describe('evaluateLoss', () => {
  for (const loss of lossNames) {
    it(`${loss}: the gradient matches central differences of the value`, () => {
      const { grad } = evaluateLoss(loss, logits, targets);
      const h = 1e-2;
      for (let i = 0; i < logits.data.length; i++) {
        const b = Math.floor(i / 5);
        const shifted = (d: number) => {
          const z = Float32Array.from(logits.data);
          z[i] = z[i]! + d;
          return evaluateLoss(loss, { data: z, shape: logits.shape }, targets).value[b]!;
        };
        const fd = (shifted(h) - shifted(-h)) / (2 * h);
        expect(grad.data[i]).toBeCloseTo(fd, 3);
      }
    });
  }

  it('gives the closed-form values', () => {
    const z = logits.data;
    const row = Array.from(z.subarray(0, 5));
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    expect(evaluateLoss('logit', logits, targets).value[0]).toBeCloseTo(row[3]!, 6);
    expect(evaluateLoss('log-softmax', logits, targets).value[0]).toBeCloseTo(row[3]! - lse, 6);
    expect(evaluateLoss('cross-entropy', logits, targets).value[0]).toBeCloseTo(lse - row[3]!, 6);
    expect(evaluateLoss('probability', logits, targets).value[0]).toBeCloseTo(
      Math.exp(row[3]! - lse),
      6,
    );
  });

  it('stays finite for huge logits', () => {
    const big = { data: Float32Array.from([1000, -1000, 999]), shape: [1, 3] };
    const r = evaluateLoss('cross-entropy', big, Int32Array.from([2]));
    expect(r.value[0]).toBeCloseTo(1 + Math.log1p(Math.exp(-1)), 6);
    expect([...r.grad.data].every(Number.isFinite)).toBe(true);
  });

  it('rejects a target count that does not match the batch', () => {
    expect(() => evaluateLoss('logit', logits, Int32Array.from([1]))).toThrow(XaiError);
  });

  it('gives the closed-form gradients on the logits', () => {
    const row = Array.from(logits.data.subarray(5, 10));
    const t = targets[1]!;
    const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    const p = row.map((v) => Math.exp(v - lse));
    const e = row.map((_, k) => (k === t ? 1 : 0));
    const want: Record<string, number[]> = {
      logit: e,
      probability: p.map((pk, k) => p[t]! * (e[k]! - pk)),
      'log-softmax': p.map((pk, k) => e[k]! - pk),
      'cross-entropy': p.map((pk, k) => pk - e[k]!),
    };
    for (const name of lossNames) {
      const g = losses[name].gradient(logits, targets).data.subarray(5, 10);
      for (let k = 0; k < 5; k++) expect(g[k]).toBeCloseTo(want[name]![k]!, 6);
    }
  });
});

describe('Loss instances', () => {
  it('are named as their key, and only the logit loss ignores the logits', () => {
    for (const name of lossNames) expect(losses[name].name).toBe(name);
    expect(lossNames.filter((n) => !losses[n].needsLogits)).toEqual(['logit']);
    const zeros = { data: new Float32Array(10), shape: [2, 5] };
    expect(losses.logit.gradient(zeros, targets).data).toEqual(
      losses.logit.gradient(logits, targets).data,
    );
  });

  it('toLoss passes instances through and names the choices for an unknown name', () => {
    const custom: Loss = { ...losses.logit, name: 'mine' };
    expect(toLoss(custom)).toBe(custom);
    expect(toLoss('probability')).toBe(losses.probability);
    expect(() => toLoss('hinge' as never)).toThrow(
      /Expected a loss among logit, probability, log-softmax, cross-entropy but received 'hinge'/,
    );
    expect(() => toLoss('toString' as never)).toThrow(XaiError);
  });

  it('evaluateLoss takes an instance as well as a name', () => {
    const a = evaluateLoss(losses['cross-entropy'], logits, targets);
    const b = evaluateLoss('cross-entropy', logits, targets);
    expect(a.value).toEqual(b.value);
    expect(a.grad.data).toEqual(b.grad.data);
  });
});
