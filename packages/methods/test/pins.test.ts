/**
 * The pin: every registered method's maps on the fixture models (two images each, a fixed
 * seed, the settings of pin-settings.ts) equal the committed ones in pins/ within 1e-6 of
 * the map's largest |value|, so moving code cannot change a result unnoticed.
 *
 * Remake the pins with `node scripts/pins.mjs --update methods`, and only with a
 * reason: a commit that changes a pin says in its message which method's output changed and
 * why (a new default, a fixed bug).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { encodeNpy, npyToTensor, type Tensor } from '@xai/core';
import { type FixtureModelName, fixtureModelPath, fixturePins } from '@xai/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../src/registry.js';
import { pinSettings } from './pin-settings.js';

const update = fixturePins.updating();
const { seed } = fixturePins;
const domain = fixturePins.domain();
const models: FixtureModelName[] = ['cnn', 'resnet'];

const pinPath = (method: string, model: string) =>
  fileURLToPath(new URL(`./pins/${method}.${model}.npy`, import.meta.url));

function maxAbs(v: Float32Array): number {
  let m = 0;
  for (const a of v) m = Math.max(m, Math.abs(a));
  return m;
}

/** The largest |a - b|; NaN anywhere (or a length mismatch) gives Infinity. */
function worstGap(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const gap = Math.abs(a[i]! - b[i]!);
    worst = Number.isNaN(gap) ? Number.POSITIVE_INFINITY : Math.max(worst, gap);
  }
  return worst;
}

describe.each(models)('pinned maps on the %s fixture', { timeout: 60_000 }, (name) => {
  let model: Awaited<ReturnType<typeof loadOnnxModel>>;
  const { x, target } = fixturePins.batch([3, 42]);
  beforeAll(async () => {
    model = await loadOnnxModel(fixtureModelPath(name));
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it.each(methods.map((m) => [m.name, m] as const))('%s', async (method, m) => {
    const map = await m.explain(model, x, { target, seed, domain, ...pinSettings[method] });
    const out: Tensor = { data: Float32Array.from(map.data), shape: [...map.shape] };
    const path = pinPath(method, name);
    if (update) fixturePins.write(path, encodeNpy(out));
    expect(existsSync(path), `${path}: run node scripts/pins.mjs --update methods`).toBe(true);
    const pin = npyToTensor(new Uint8Array(readFileSync(path)), path);
    const tolerance = 1e-6 * maxAbs(pin.data as Float32Array);
    expect(out.shape).toEqual(pin.shape);
    expect(
      worstGap(out.data, pin.data as Float32Array),
      `${method} on ${name}`,
    ).toBeLessThanOrEqual(tolerance);
    expect(maxAbs(out.data)).toBeGreaterThan(0);
  });
});
