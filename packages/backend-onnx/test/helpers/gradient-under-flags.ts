import type { Tensor } from '@xai/core';
import { loadOnnxModel } from '../../src/index.js';
import { randn } from './directional.js';

/**
 * The input gradient of `model` (bytes or a path) on `x` for a seeded cotangent, its graphs
 * built under `XAI_GRAPH=flags` ('' for none) on a fresh load; XAI_GRAPH is restored after.
 */
export async function gradientUnderFlags(
  model: Uint8Array | string,
  x: Tensor,
  flags: string,
): Promise<Float32Array> {
  const saved = process.env.XAI_GRAPH;
  if (flags) process.env.XAI_GRAPH = flags;
  else delete process.env.XAI_GRAPH;
  try {
    const m = await loadOnnxModel(model);
    try {
      const u = randn([x.shape[0]!, m.numClasses], 9, 1);
      return (await m.vjp(x, u)).grad.data;
    } finally {
      await m.dispose();
    }
  } finally {
    if (saved === undefined) delete process.env.XAI_GRAPH;
    else process.env.XAI_GRAPH = saved;
  }
}
