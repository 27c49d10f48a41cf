/** The L2 weight lambda2 from the top Hessian eigenvalue (Theorem 3). */
import { XaiError } from '@xai/core';
import { powerIteration } from '../optim/power-iteration.js';
import { type ContextAwareOptions, contextAwareSettings, type RunContext } from './options.js';
import type { ContextAwareProblem } from './problem.js';
import { POWER_STREAM } from './streams.js';

/**
 * lambda2 per sample: a fixed number, or L/2 + c1 with L the top eigenvalue of the
 * (averaged) Hessian by power iteration from seeded normal start vectors. |L| is used so
 * that a dominant negative eigenvalue (possible with finite differences on smooth networks)
 * still leaves the objective concave.
 */
export async function chooseLambda2(
  problem: ContextAwareProblem,
  options: RunContext & Partial<ContextAwareOptions>,
): Promise<Float64Array> {
  const o = contextAwareSettings(options);
  const { batch, dim } = problem;
  if (o.lambda2 !== 'auto') {
    if (!(o.lambda2 > 0) || !Number.isFinite(o.lambda2)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected lambda2 to be 'auto' or a positive finite number but received ${o.lambda2}.`,
      );
    }
    return new Float64Array(batch).fill(o.lambda2);
  }
  const draws = await options.kernels.random({
    distribution: 'normal',
    shape: [batch, dim],
    seed: options.seed ?? 0,
    stream: POWER_STREAM,
  });
  const start = Array.from({ length: batch }, (_, s) =>
    Float64Array.from(draws.data.subarray(s * dim, (s + 1) * dim)),
  );
  const samples = start.map((_, s) => s);
  const { eigenvalues } = await powerIteration(
    (vs) => problem.hessianProducts(samples, vs),
    start,
    {
      iterations: o.powerIterations,
      signal: options.signal,
      onIteration: (done, total) => options.onProgress?.({ phase: 'power-iteration', done, total }),
    },
  );
  return eigenvalues.map((L) => Math.abs(L) / 2 + o.c1);
}
