import type { KernelsChoice } from '@xai/backend-cuda';
import type { OnnxModelOptions } from '@xai/backend-onnx';
import { XaiError } from '@xai/core';
import type { Command } from 'commander';
import { parseThreads, threadsFlag } from '../options/threads-option.js';

/** The flags of a command that loads a model and runs it (any subset, by the command). */
export interface ModelFlags {
  kernels: string;
  threads?: string;
  /** The graph input and output, for models with several. */
  inputName?: string;
  outputName?: string;
}

/** Which model flags a command offers: the kernels always, the rest by choice. */
export interface ModelFlagChoice {
  /** `--input-name` and `--output-name` (commands given one model file). */
  readonly names?: boolean;
  /** `--threads` (ONNX Runtime's intra-op threads). */
  readonly threads?: boolean;
}

/** What the model flags say, checked: the kernels to select and how models are loaded. */
export interface ModelSetup {
  readonly kernels: KernelsChoice;
  readonly load: OnnxModelOptions;
}

const kernelsChoices: readonly KernelsChoice[] = ['auto', 'js', 'cpu', 'cuda'];

/** Adds the model flags to a command: the one place they are declared. */
export function addModelFlags(command: Command, choice: ModelFlagChoice = {}): Command {
  command.option(
    '--kernels <auto|js|cpu|cuda>',
    'array kernels: auto prefers CUDA, then native CPU, then JS',
    'auto',
  );
  if (choice.threads) command.option(...threadsFlag);
  if (choice.names) {
    command
      .option('--input-name <name>', 'the image input, where the model has several')
      .option('--output-name <name>', 'the logits output, where the model has several');
  }
  return command;
}

/**
 * Checks the model flags, before anything is loaded, and turns them into the loader's
 * options: the one place model-loading options are parsed. Models load forward-only when
 * some op on the way to the logits has no derivative rule (`gradientProblem` then says
 * which), so forward methods still run; gradient methods check `gradientsUnavailable`.
 */
export function parseModelFlags(flags: ModelFlags): ModelSetup {
  if (!(kernelsChoices as readonly string[]).includes(flags.kernels)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --kernels auto, js, cpu or cuda but received '${flags.kernels}'.`,
    );
  }
  const threads = parseThreads(flags.threads);
  return {
    kernels: flags.kernels as KernelsChoice,
    load: {
      gradients: 'optional',
      ...(threads === undefined ? {} : { threads }),
      ...(flags.inputName === undefined ? {} : { inputName: flags.inputName }),
      ...(flags.outputName === undefined ? {} : { outputName: flags.outputName }),
    },
  };
}
