/** A method stops with `ABORTED` when its signal fires between two batches. */
import type { AttributionMethod, ExplainContext, Model, Tensor } from '@xai/core';
import { expect } from 'vitest';

/** Runs `method` with `options`, aborting at its first progress event, and expects `ABORTED`. */
export async function expectAbortAtFirstProgress<O extends object>(
  method: AttributionMethod<O>,
  model: Model,
  x: Tensor,
  options: ExplainContext & Partial<O>,
): Promise<void> {
  const controller = new AbortController();
  await expect(
    method.explain(model, x, {
      ...options,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }),
  ).rejects.toMatchObject({ code: 'ABORTED' });
}
