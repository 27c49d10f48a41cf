import { type SelectedKernels, selectKernels } from '@xai/backend-cuda';
import { loadOnnxModel, type OnnxClassifier } from '@xai/backend-onnx';
import { handleInterrupts } from '../interrupt.js';
import type { Output } from '../output.js';
import { type ProgressLine, progressLine } from '../progress-line.js';
import type { ModelSetup } from './model-flags.js';

/** What a long command holds while it runs; `close()` in `finally` releases all of it. */
export interface CommandSession {
  /** The kernels `--kernels` selected (what it took and why). */
  readonly kernels: SelectedKernels;
  /** Fires on the first Ctrl-C or SIGTERM; pass it to every long call. */
  readonly signal: AbortSignal;
  /** Loads a model as the command's flags say (the caller disposes it; see `openModelCommand`). */
  loadModel(path: string): Promise<OnnxClassifier>;
  /** A progress line, silent with `--quiet` or `--json`; closed by `close()` if still drawn. */
  progress(label: string): ProgressLine;
  /** Clears the progress lines, removes the signal handlers, disposes the command's model. */
  close(): Promise<void>;
}

/** A session that also holds the command's one model. */
export interface ModelCommandSession extends CommandSession {
  readonly model: OnnxClassifier;
}

/**
 * The setup every long command shares, in this order: select the kernels (named under
 * `--verbose`), load the model when there is one, then take over Ctrl-C and SIGTERM (the
 * first stops the work at its next check, a second exits at once; see interrupt.ts).
 */
export async function openCommand(
  setup: ModelSetup,
  out: Output,
  quiet: boolean,
): Promise<CommandSession> {
  const kernels = await chooseKernels(setup, out);
  return session(setup, kernels, quiet, undefined);
}

/** `openCommand` for a command with one model file, which `close()` disposes. */
export async function openModelCommand(
  path: string,
  setup: ModelSetup,
  out: Output,
  quiet: boolean,
): Promise<ModelCommandSession> {
  const kernels = await chooseKernels(setup, out);
  const model = await loadOnnxModel(path, setup.load);
  return { ...session(setup, kernels, quiet, model), model };
}

async function chooseKernels(setup: ModelSetup, out: Output): Promise<SelectedKernels> {
  const kernels = await selectKernels(setup.kernels);
  out.detail(`kernels: ${kernels.description}`);
  return kernels;
}

function session(
  setup: ModelSetup,
  kernels: SelectedKernels,
  quiet: boolean,
  model: OnnxClassifier | undefined,
): CommandSession {
  const interrupt = handleInterrupts();
  const lines: ProgressLine[] = [];
  return {
    kernels,
    signal: interrupt.signal,
    loadModel: (path) => loadOnnxModel(path, setup.load),
    progress(label) {
      const line = progressLine(label, quiet);
      lines.push(line);
      return line;
    },
    async close() {
      for (const line of lines) line.done();
      interrupt.dispose();
      await model?.dispose();
    },
  };
}
