/**
 * `lossVjp` in the web entry (dist/browser.js, onnxruntime-web's WASM build) run under
 * Node: the same loss graph (int64 targets, the float64 cotangent) runs there, and its
 * gradient is bitwise that of the web model's own `vjp` seeded by core's cotangent of the
 * same pass's logits.
 */
import { readFileSync } from 'node:fs';
import { lossGradient, lossNames, sliceBatch, toLoss } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { env } from 'onnxruntime-web/wasm';
import { expect, it } from 'vitest';
import type * as nodeEntry from '../src/index.js';

// Under Node, onnxruntime-web's WASM threads need a Worker it cannot start: one thread.
env.wasm.numThreads = 1;
const webEntry = (await import(
  new URL('../dist/browser.js', import.meta.url).href
)) as typeof nodeEntry;

it('runs in the web entry, equal to its vjp seeded from the same logits', async () => {
  const model = await webEntry.loadOnnxModel(new Uint8Array(readFileSync(fixtureModelPath('cnn'))));
  try {
    const x = sliceBatch(loadFixtureInputs(), 40, 44);
    for (const loss of lossNames) {
      for (const target of [Int32Array.from([2, 0, 9, 4]), 'predicted'] as const) {
        const got = await lossGradient(model, x, loss, target);
        const exact = await model.vjp(x, toLoss(loss).gradient(got.logits, got.targets));
        expect(Array.from(got.grad.data)).toEqual(Array.from(exact.grad.data));
      }
    }
  } finally {
    await model.dispose();
  }
}, 60_000);
