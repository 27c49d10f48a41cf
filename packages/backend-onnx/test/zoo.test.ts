import { existsSync, readFileSync } from 'node:fs';
import { npyToTensor, XaiError } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/index.js';
import { directionalCheck } from './helpers/directional.js';

// torchvision classifiers with random weights, exported by scripts/make_zoo.py: the tiny
// set in zoo-ci/ (every architecture family at a small size, committed, so CI runs it) and
// the full-size models in zoo/ (not committed; run when present). Each must load with
// gradients, its vjp must match torch's gradient, vjp and jvp must be transposes, and both
// must roughly match central differences (random-weight ReLU networks are kinky: float32
// differences are coarse).
interface ZooEntry {
  readonly name: string;
  readonly file: string;
  readonly inputShape: number[];
  readonly opset: number;
  readonly float32Error: number;
  readonly dir: URL;
}

function zooEntries(dir: URL): ZooEntry[] {
  const manifestPath = new URL('manifest.json', dir);
  if (!existsSync(manifestPath)) return [];
  return JSON.parse(readFileSync(manifestPath, 'utf8'))
    .map((e: Omit<ZooEntry, 'dir'>) => ({ ...e, dir }))
    .filter((e: ZooEntry) => existsSync(new URL(e.file, dir)));
}

const tiny = zooEntries(new URL('./zoo-ci/', import.meta.url));
const full = zooEntries(new URL('./zoo/', import.meta.url));
const entries = [...tiny, ...full];
const npy = (e: ZooEntry, suffix: string) =>
  npyToTensor(new Uint8Array(readFileSync(new URL(`${e.name}.${suffix}.npy`, e.dir))));

// Deep random-weight networks are ill-conditioned in float32 (activations close to ReLU
// kinks relative to rounding): the reference is torch's float64 gradient, and a float32
// implementation is asked to be within 3x torch's own float32 error (`float32Error`,
// measured by the script) or 1e-4 of max |grad|, whichever is larger.

describe('torchvision zoo', () => {
  it('has the committed tiny set of ten architecture families', () => {
    expect(tiny.map((e) => e.name)).toHaveLength(10);
  });

  it.each(entries)(
    '$name: vjp matches torch, vjp and jvp agree and match central differences',
    async (e) => {
      let model: OnnxModel;
      try {
        model = await loadOnnxModel(new URL(e.file, e.dir).pathname);
      } catch (err) {
        if (XaiError.isInstance(err)) throw new Error(`${e.name}: ${err.message}`);
        throw err;
      }
      try {
        const x = npy(e, 'x');
        const ref = npy(e, 'grad');
        const { grad } = await model.vjp(x, npy(e, 'u'));
        let scale = 0;
        let worst = 0;
        for (let i = 0; i < ref.data.length; i++) {
          scale = Math.max(scale, Math.abs(ref.data[i]!));
          worst = Math.max(worst, Math.abs(ref.data[i]! - grad.data[i]!));
        }
        const r = await directionalCheck(model, x, { seed: 9, step: 1e-4 });
        if (process.env.XAI_REPORT)
          console.log(e.name, {
            torch64: worst / scale,
            torch32: e.float32Error,
            vjpVsJvp: r.vjpVsJvp,
            fd: r.jvpVsFd,
          });
        expect(worst / scale).toBeLessThan(Math.max(1e-4, 3 * e.float32Error));
        expect(r.vjpVsJvp).toBeLessThan(1e-3);
        expect(r.jvpVsFd).toBeLessThan(0.5);
      } finally {
        await model.dispose();
      }
    },
    120_000,
  );
});
