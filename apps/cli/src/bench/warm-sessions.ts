import { type Classifier, isDifferentiable, type Tensor } from '@xai/core';

/**
 * One call of each model pass on `x`, so the sessions (built lazily) are made before
 * anything is timed; returns the forward's logits. A forward-only model is warmed forward.
 */
export async function warmSessions(model: Classifier, x: Tensor): Promise<Tensor> {
  const logits = await model.forward(x);
  if (isDifferentiable(model)) {
    await model.vjp(x, { data: new Float32Array(logits.data.length).fill(1), shape: logits.shape });
    await model.jvp(x, { data: new Float32Array(x.data.length).fill(1e-3), shape: x.shape });
  }
  return logits;
}
