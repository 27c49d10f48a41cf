/** The abort check every long-running method's tests make. */
import type { AttributionMethod, Classifier, ExplainContext, Model, Tensor } from '@xai/core';
import { expect } from 'vitest';

/**
 * Runs `method` with a signal that its first progress report aborts and expects the run to
 * reject with `ABORTED`: the method checks the signal between its units of work.
 */
export async function expectAbortFromProgress<O extends object, M extends Classifier = Model>(
  method: AttributionMethod<O, M>,
  model: M,
  x: Tensor,
  options: ExplainContext & Partial<O>,
): Promise<void> {
  const controller = new AbortController();
  const run = method.explain(model, x, {
    ...options,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
}
