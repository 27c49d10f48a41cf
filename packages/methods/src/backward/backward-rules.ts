/**
 * The shared step of the backward-rule methods (guided backprop, deconvnet, LRP,
 * excitation backprop): the input "gradient" of the target logit under a model variant
 * with other backward rules, built once per call and disposed afterwards.
 */
import {
  type BackwardRules,
  type LossGradient,
  type LossName,
  lossGradient,
  type Model,
  type RunOptions,
  type Target,
  XaiError,
} from '@xai/core';

/** `model` with other backward rules, or NOT_SUPPORTED naming the method and what is missing. */
export async function ruleVariant(
  model: Model,
  rules: BackwardRules,
  method: string,
): Promise<Model> {
  if (!model.withBackwardRules) throw missing(method, 'withBackwardRules');
  return model.withBackwardRules(rules);
}

/** The modified gradient of `objective` under `rules`, batched like `lossGradient`. */
export async function ruleGradient(
  model: Model,
  rules: BackwardRules,
  method: string,
  x: Parameters<Model['vjp']>[0],
  objective: LossName,
  target: Target,
  options: RunOptions,
): Promise<LossGradient> {
  const variant = await ruleVariant(model, rules, method);
  try {
    return await lossGradient(variant, x, objective, target, options);
  } finally {
    if (variant !== model) await variant.dispose?.();
  }
}

function missing(method: string, capability: string): XaiError {
  return new XaiError(
    'NOT_SUPPORTED',
    `Expected a model with ${capability} for ${method} but this model has none; load it with @xai/backend-onnx.`,
  );
}
