import { readFileSync } from 'node:fs';
import { isDifferentiable, npyToTensor, XaiError } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { directionalCheck } from './helpers/directional.js';
import { relativeGap } from './helpers/gaps.js';

// Tiny random-weight models, one per op family beyond torchvision (U-Net, GroupNorm,
// einsum attention, activations, PixelShuffle, F.normalize, GRU/LSTM over rows, GridSample,
// float16, and Det, which has no rule),
// made by scripts/make_op_zoo.py (torch's float64 gradients beside them) and by
// scripts/optimize_zoo.mjs (the same models after ONNX Runtime's optimiser).
interface Entry {
  readonly name: string;
  readonly file: string;
  readonly float32Error: number;
  readonly gradients: boolean;
}

const dir = new URL('./zoo-ops/', import.meta.url);
const entries: Entry[] = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
const npy = (name: string, suffix: string) =>
  npyToTensor(new Uint8Array(readFileSync(new URL(`${name}.${suffix}.npy`, dir))));
const path = (e: Entry) => new URL(e.file, dir).pathname;

describe('op zoo', () => {
  it.each(entries.filter((e) => e.gradients))(
    '$name: vjp matches torch float64 within 3x torch float32, jvp transposes it',
    async (e) => {
      const model = await loadOnnxModel(path(e));
      try {
        const x = npy(e.name, 'x');
        const logits = await model.forward(x);
        expect(relativeGap(logits.data, npy(e.name, 'logits').data)).toBeLessThan(1e-4);
        const { grad } = await model.vjp(x, npy(e.name, 'u'));
        const err = relativeGap(grad.data, npy(e.name, 'grad').data);
        const r = await directionalCheck(model, x, { seed: 9, step: 1e-3 });
        if (process.env.XAI_REPORT)
          console.log(e.name, { torch64: err, torch32: e.float32Error, vjpVsJvp: r.vjpVsJvp });
        expect(err).toBeLessThan(Math.max(1e-4, 3 * e.float32Error));
        expect(r.vjpVsJvp).toBeLessThan(1e-4);
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );

  it.each(entries.filter((e) => !e.gradients))(
    '$name: loads forward-only, matches torch logits, and names the ops without a rule',
    async (e) => {
      const err = await loadOnnxModel(path(e)).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(XaiError.isInstance(err) && err.code).toBe('UNSUPPORTED_OP');
      const model = await loadOnnxModel(path(e), { gradients: 'optional' });
      try {
        expect(isDifferentiable(model)).toBe(false);
        expect(model.gradientProblem).toMatch(/^Det \('/);
        const logits = await model.forward(npy(e.name, 'x'));
        expect(relativeGap(logits.data, npy(e.name, 'logits').data)).toBeLessThan(1e-4);
      } finally {
        await model.dispose();
      }
    },
  );
});
