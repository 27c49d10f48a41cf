import type { Model, Tensor } from '@xai/core';
import { loadOnnxModel } from '../../src/index.js';
import { randn } from './directional.js';

/**
 * What `pass` computes with `model` (bytes or a path) on `x`, its graphs built under
 * `XAI_GRAPH=flags` ('' for none) on a fresh load; XAI_GRAPH is restored after.
 */
export async function underFlags(
  model: Uint8Array | string,
  x: Tensor,
  flags: string,
  pass: (m: Model, x: Tensor) => Promise<Float32Array>,
): Promise<Float32Array> {
  const saved = process.env.XAI_GRAPH;
  if (flags) process.env.XAI_GRAPH = flags;
  else delete process.env.XAI_GRAPH;
  try {
    const m = await loadOnnxModel(model);
    try {
      return await pass(m, x);
    } finally {
      await m.dispose();
    }
  } finally {
    if (saved === undefined) delete process.env.XAI_GRAPH;
    else process.env.XAI_GRAPH = saved;
  }
}

/** A seeded cotangent on the logits of `m` for a batch of `rows`. */
export const seededCotangent = (m: Model, rows: number): Tensor =>
  randn([rows, m.numClasses], 9, 1);

/** The input gradient of `model` on `x` for a seeded cotangent under `XAI_GRAPH=flags`. */
export const gradientUnderFlags = (model: Uint8Array | string, x: Tensor, flags: string) =>
  underFlags(
    model,
    x,
    flags,
    async (m, x) => (await m.vjp(x, seededCotangent(m, x.shape[0]!))).grad.data,
  );
