import { type Model, sliceBatch } from '@xai/core';
import { loadFixtureInputs } from '@xai/fixtures';
import { expect } from 'vitest';
import { directionalCheck, randn } from './directional.js';

/**
 * jvp, vjp and central differences of a fixture model on its first 12 images, checked
 * against the limits both entry points (Node, web) must meet; returns the measured errors.
 */
export async function checkFixtureDerivatives(
  model: Model,
): Promise<Awaited<ReturnType<typeof directionalCheck>>> {
  const clean = sliceBatch(loadFixtureInputs(), 0, 12);
  // The images have flat backgrounds, hence exact ties in max-pool windows where the
  // network is not differentiable; a little noise moves x off those kinks.
  const noise = randn(clean.shape, 3, 0, 0.05);
  const x = { data: clean.data.map((v, i) => v + noise.data[i]!), shape: clean.shape };
  const r = await directionalCheck(model, x, { seed: 7, step: 1e-4 });
  // vjp and jvp are exact transposes of each other (float32 rounding only).
  expect(r.vjpVsJvp).toBeLessThan(1e-5);
  // These networks have a kink every few 1e-4 along a random direction (ReLUs near 0,
  // near-ties in max-pool windows), and float32 rounds steps much below 1e-4: a central
  // difference is good to about 1% (measured: median 1.1-1.3%, worst 3.5-7%).
  expect(r.medianJvpVsFd).toBeLessThan(0.03);
  expect(r.jvpVsFd).toBeLessThan(0.15);
  expect(r.vjpVsFd).toBeLessThan(0.1);
  return r;
}
