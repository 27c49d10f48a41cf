import type { OnnxClassifier } from '@xai/backend-onnx';
import { XaiError } from '@xai/core';

/** The NOT_SUPPORTED error for a gradient method on a forward-only model, or undefined. */
export function gradientsUnavailable(
  model: OnnxClassifier,
  method: { readonly name: string; readonly requires?: string },
  path: string,
): XaiError | undefined {
  if (method.requires === 'forward' || model.gradientProblem === undefined) return undefined;
  return new XaiError(
    'NOT_SUPPORTED',
    `Expected a differentiable model for '${method.name}' (it needs gradients) but '${path}' runs forward only: ${model.gradientProblem} have no derivative rule. Use a forward method such as occlusion or rise.`,
  );
}
