import {
  assertFinite,
  type Classifier,
  formatShape,
  mapBatches,
  type RunOptions,
  type Tensor,
  XaiError,
} from '@xai/core';
import * as ort from 'onnxruntime-node';
import { decodeOnnxModel } from './decode-model.js';
import { describeOnnxModel, type OnnxModelInfo, type TensorInfo } from './model-info.js';
import { readModelBytes } from './read-source.js';

export interface OnnxModelOptions {
  /** The graph input that takes the images, when the model has several. */
  readonly inputName?: string;
  /** The graph output that holds the logits, when the model has several. */
  readonly outputName?: string;
  /** The shape of one sample, when the model's input has symbolic dimensions beyond the batch. */
  readonly inputShape?: readonly number[];
  /** ONNX Runtime execution providers, in order of preference (default `['cpu']`). */
  readonly executionProviders?: readonly string[];
  /** Threads ONNX Runtime uses inside one op (default: its own choice). */
  readonly threads?: number;
  /** Upper bounds on one session run: samples and input bytes. */
  readonly maxBatchSize?: number;
  readonly memoryLimitBytes?: number;
}

/** An ONNX classifier run by onnxruntime-node. */
export interface OnnxModel extends Classifier {
  readonly info: OnnxModelInfo;
  readonly inputName: string;
  readonly outputName: string;
  dispose(): Promise<void>;
}

/**
 * Loads an ONNX image classifier from a path or bytes. The model must take one float
 * tensor `[batch, ...sample]` and return logits `[batch, classes]`.
 */
export async function loadOnnxModel(
  source: string | Uint8Array,
  options: OnnxModelOptions = {},
): Promise<OnnxModel> {
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  const bytes = await readModelBytes(source);
  const info = describeOnnxModel(decodeOnnxModel(bytes, name));
  const input = pick(info.inputs, options.inputName, 'input', name, '--input-name / inputName');
  const output = pick(
    info.outputs,
    options.outputName,
    'output',
    name,
    '--output-name / outputName',
  );
  if (input.elementType !== 'FLOAT') {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected a FLOAT input for '${input.name}' of ${name} but it takes ${input.elementType}.`,
    );
  }
  const inputShape = sampleShape(input, options.inputShape, name);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [...(options.executionProviders ?? ['cpu'])],
      graphOptimizationLevel: 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    });
  } catch (e) {
    throw new XaiError(
      'MODEL_LOAD_FAILED',
      `ONNX Runtime could not load ${name}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const runOptions: RunOptions = {
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const runOnce = async (x: Tensor): Promise<Tensor> => {
    const feeds = { [input.name]: new ort.Tensor('float32', x.data, [...x.shape]) };
    const result = await session.run(feeds, [output.name]);
    const out = result[output.name]!;
    const data = out.data as Float32Array;
    const shape = out.dims.map(Number);
    out.dispose?.();
    return { data, shape };
  };
  let numClasses = lastFixedDim(output);
  if (numClasses === undefined) {
    const probe = await runOnce({
      data: new Float32Array(inputShape.reduce((a, b) => a * b, 1)),
      shape: [1, ...inputShape],
    });
    numClasses = probe.shape[probe.shape.length - 1]!;
  }
  const classes = numClasses;
  return {
    info,
    inputName: input.name,
    outputName: output.name,
    inputShape,
    numClasses: classes,
    async forward(x: Tensor): Promise<Tensor> {
      checkInput(x, inputShape, name);
      const logits = await mapBatches(x, runOnce, runOptions);
      if (logits.shape.length !== 2 || logits.shape[1] !== classes) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected logits [batch, ${classes}] from output '${output.name}' of ${name} but received ${formatShape(logits.shape)}; name the logits with outputName.`,
        );
      }
      return logits;
    },
    async dispose() {
      await session.release();
    },
  };
}

function pick(
  all: readonly TensorInfo[],
  wanted: string | undefined,
  kind: string,
  name: string,
  option: string,
): TensorInfo {
  if (wanted !== undefined) {
    const found = all.find((t) => t.name === wanted);
    if (!found) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected an ${kind} named '${wanted}' in ${name} but it has ${all.map((t) => `'${t.name}'`).join(', ')}.`,
      );
    }
    return found;
  }
  if (all.length !== 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected one ${kind} in ${name} but it has ${all.length} (${all.map((t) => `'${t.name}'`).join(', ')}); choose one with ${option}.`,
    );
  }
  return all[0]!;
}

function sampleShape(
  input: TensorInfo,
  given: readonly number[] | undefined,
  name: string,
): number[] {
  const dims = input.shape.slice(1);
  if (given) {
    const clash =
      dims.some((d, i) => typeof d === 'number' && d !== given[i]) || given.length !== dims.length;
    if (clash) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected inputShape to fit '${input.name}' of ${name}, which is [${input.shape.join(', ')}], but received ${formatShape(given)}.`,
      );
    }
    return [...given];
  }
  if (input.shape.length < 2 || dims.some((d) => typeof d !== 'number')) {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected fixed sample dimensions for '${input.name}' of ${name} but it is [${input.shape.join(', ')}]; pass inputShape.`,
    );
  }
  return dims as number[];
}

function lastFixedDim(t: TensorInfo): number | undefined {
  const d = t.shape[t.shape.length - 1];
  return typeof d === 'number' && t.shape.length === 2 ? d : undefined;
}

function checkInput(x: Tensor, sample: readonly number[], name: string): void {
  const ok =
    x.shape.length === sample.length + 1 &&
    sample.every((d, i) => x.shape[i + 1] === d) &&
    x.shape[0]! > 0;
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an input of shape [batch, ${sample.join(', ')}] for ${name} but received ${formatShape(x.shape)}.`,
    );
  }
  assertFinite(x, 'the input');
}
