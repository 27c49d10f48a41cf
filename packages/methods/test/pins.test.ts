/**
 * The pin: every registered method's maps on the fixture models (two images each, a fixed
 * seed, the settings of pin-settings.ts) equal the committed ones in pins/ within 1e-6 of
 * the map's largest |value|, so moving code cannot change a result unnoticed.
 *
 * Remake the pins with `node scripts/pins.mjs --update methods`, and only with a
 * reason: a commit that changes a pin says in its message which method's output changed and
 * why (a new default, a fixed bug).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { encodeNpy, npyToTensor, type Tensor } from '@xai/core';
import {
  type FixtureModelName,
  fixtureModelPath,
  loadFixtureInputs,
  loadFixtureLabels,
} from '@xai/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../src/registry.js';
import { pinSettings } from './pin-settings.js';

const update = process.env.XAI_UPDATE_PINS === '1';
const seed = 20261205;
const images = [3, 42];
const D = 784;
const domain = { mean: [0.2860406021939525], std: [0.3530242495426238] };
const models: FixtureModelName[] = ['cnn', 'resnet'];

function fixtureBatch(): { x: Tensor; target: number[] } {
  const all = loadFixtureInputs();
  const labels = loadFixtureLabels();
  const data = new Float32Array(images.length * D);
  for (const [j, i] of images.entries()) data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  return { x: { data, shape: [images.length, 1, 28, 28] }, target: images.map((i) => labels[i]!) };
}

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

/** Written to a temporary name, then renamed, so a failed run leaves no half pin. */
function writePin(path: string, t: Tensor): void {
  writeFileSync(`${path}.tmp`, encodeNpy(t));
  renameSync(`${path}.tmp`, path);
}

describe.each(models)('pinned maps on the %s fixture', { timeout: 60_000 }, (name) => {
  let model: Awaited<ReturnType<typeof loadOnnxModel>>;
  const { x, target } = fixtureBatch();
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
    if (update) writePin(path, out);
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
