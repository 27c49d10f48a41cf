import { loadOnnxModel } from '@xai/backend-onnx';
import { type Composite, sliceBatch, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { deepLift, excitationBackprop, lrp } from '@xai/methods';
import { describe, expect, it } from 'vitest';
import { explainFixtureImage } from './run-cli.js';

const sums = (a: Tensor, B: number) =>
  Array.from({ length: B }, (_, b) => {
    const per = a.data.length / B;
    return a.data.subarray(b * per, (b + 1) * per).reduce((s, v) => s + v, 0);
  });

describe('backward-rule methods on the cnn fixture', () => {
  const x = sliceBatch(loadFixtureInputs(), 0, 4);
  const targets = [0, 3, 5, 9];
  const at = (logits: Tensor, b: number) => logits.data[b * 10 + targets[b]!]!;

  it('DeepLIFT sums to f(x) - f(0) for the target, and to f(x) - f(x0) for another reference', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const fx = await model.forward(x);
      const zero = { data: new Float32Array(x.data.length), shape: x.shape };
      const f0 = await model.forward(zero);
      const a = await deepLift.explain(model, x, { target: targets, maxBatchSize: 3 });
      expect(a.shape).toEqual(x.shape);
      sums(a, 4).forEach((s, b) => {
        const delta = at(fx, b) - at(f0, b);
        expect(Math.abs(s - delta)).toBeLessThan(1e-4 * Math.max(1, Math.abs(delta)));
      });
      const white = await deepLift.explain(model, x, { target: targets, baseline: 1 });
      const f1 = await model.forward({
        data: new Float32Array(x.data.length).fill(1),
        shape: x.shape,
      });
      sums(white, 4).forEach((s, b) => {
        const delta = at(fx, b) - at(f1, b);
        expect(Math.abs(s - delta)).toBeLessThan(1e-4 * Math.max(1, Math.abs(delta)));
      });
    } finally {
      await model.dispose();
    }
  });

  const eps = { kind: 'epsilon', epsilon: 0.01 } as const;
  const ab = (alpha: number, beta: number) =>
    ({ kind: 'alpha-beta', alpha, beta, stabilizer: 1e-9 }) as const;
  // zennit's composites (composites.py) in the backend's terms, written out independently.
  const composites: Array<[string, Composite]> = [
    ['epsilon-plus', { conv: ab(1, 0), dense: eps }],
    ['epsilon-plus-flat', { conv: ab(1, 0), dense: eps, first: { kind: 'flat' } }],
    ['epsilon-alpha2-beta1', { conv: ab(2, 1), dense: eps }],
    ['epsilon-alpha2-beta1-flat', { conv: ab(2, 1), dense: eps, first: { kind: 'flat' } }],
    [
      'epsilon-gamma-box',
      {
        conv: { kind: 'gamma', gamma: 0.25, stabilizer: 1e-9 },
        dense: eps,
        first: { kind: 'z-box', low: -1, high: 2 },
      },
    ],
  ];

  it.each(composites)(
    'LRP composite %s is that composite on the backend',
    async (name, composite) => {
      const model = await loadOnnxModel(fixtureModelPath('cnn'));
      try {
        const r = await lrp.explain(model, x, {
          target: targets,
          composite: name as 'epsilon-plus',
          low: -1,
          high: 2,
        });
        const onehot = new Float32Array(40);
        targets.forEach((t, b) => {
          onehot[b * 10 + t] = 1;
        });
        const variant = await model.withBackwardRules({ composite });
        const { grad } = await variant.vjp(x, { data: onehot, shape: [4, 10] });
        await variant.dispose();
        const want = composite.first ? grad.data : grad.data.map((g, i) => g * x.data[i]!);
        expect(Array.from(r.data)).toEqual(Array.from(want));
        // Each composite differs from the single epsilon rule.
        const single = await lrp.explain(model, x, { target: targets });
        expect(single.data.some((v, i) => Math.abs(v - r.data[i]!) > 1e-4)).toBe(true);
      } finally {
        await model.dispose();
      }
    },
  );

  it('LRP refuses z-box bounds with low above high before any work', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      await expect(
        lrp.explain(model, x, { target: targets, composite: 'epsilon-gamma-box', low: 1, high: 0 }),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('Expected low <= high for the LRP z-box bounds'),
      });
    } finally {
      await model.dispose();
    }
  });

  it('LRP z+ conserves the target logit; excitation backprop is a probability on positive inputs', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const positive = { data: x.data.map((v) => Math.abs(v)), shape: x.shape };
      const logits = await model.forward(positive);
      const r = await lrp.explain(model, positive, { target: targets, rule: 'alpha-beta' });
      sums(r, 4).forEach((s, b) => {
        expect(s).toBeCloseTo(at(logits, b), 4);
      });
      const p = await excitationBackprop.explain(model, positive, { target: targets });
      expect(p.data.every((v) => v >= 0)).toBe(true);
      for (const s of sums(p, 4)) expect(s).toBeCloseTo(1, 4);
      // The epsilon rule absorbs relevance in the biases: it is not conserved.
      const e = await lrp.explain(model, positive, { target: targets });
      const gaps = sums(e, 4).map((s, b) => Math.abs(s - at(logits, b)));
      expect(Math.max(...gaps)).toBeGreaterThan(1e-2);
    } finally {
      await model.dispose();
    }
  });
});

const methods = [
  'guided-backprop',
  'deconvnet',
  'grad-cam',
  'guided-grad-cam',
  'lrp',
  'excitation-backprop',
  'deep-lift',
];

describe.each(['cnn', 'resnet'] as const)('xai explain on the %s fixture', (name) => {
  it.each(methods)(
    '%s writes a finite map shaped like the input',
    async (method) => {
      const { code, stderr, map } = await explainFixtureImage(name, method);
      expect(code, stderr).toBe(0);
      expect(map!.shape).toEqual([1, 1, 28, 28]);
      expect(map!.data.every(Number.isFinite)).toBe(true);
      expect(map!.data.some((v) => v !== 0)).toBe(true);
    },
    60_000,
  );
});
