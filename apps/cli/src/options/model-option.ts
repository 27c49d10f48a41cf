import { loadOnnxModel, type OnnxClassifier } from '@xai/backend-onnx';
import { XaiError } from '@xai/core';
import type { Command } from 'commander';

/** The flags naming the model's input and output, for models with several. */
export interface ModelNameFlags {
  inputName?: string;
  outputName?: string;
}

/** Adds --input-name and --output-name to a command that loads a model. */
export function addModelNameOptions(command: Command): Command {
  return command
    .option('--input-name <name>', 'the image input, where the model has several')
    .option('--output-name <name>', 'the logits output, where the model has several');
}

/**
 * Loads the model as the CLI does: forward-only when some op on the way to the logits
 * has no derivative rule (`gradientProblem` then says which), so forward methods still
 * run; gradient methods check with `gradientsUnavailable` first.
 */
export function loadCliModel(
  path: string,
  flags: ModelNameFlags,
  extra: Omit<NonNullable<Parameters<typeof loadOnnxModel>[1]>, 'gradients'> = {},
): Promise<OnnxClassifier> {
  return loadOnnxModel(path, {
    ...extra,
    gradients: 'optional',
    ...(flags.inputName === undefined ? {} : { inputName: flags.inputName }),
    ...(flags.outputName === undefined ? {} : { outputName: flags.outputName }),
  });
}

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
