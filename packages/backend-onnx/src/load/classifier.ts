import {
  assertFinite,
  formatShape,
  joinBatches,
  planBatches,
  type RunOptions,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import * as ort from 'onnxruntime-node';
import { heldSince, passOptions, warnIfBelowHeld } from '../memory-budget.js';
import { logPlan } from '../memory-log.js';
import { describeOnnxModel, type OnnxModelInfo, type TensorInfo } from '../model-info.js';
import type { ModelProto } from '../onnx-proto.js';
import { RowCost } from '../row-cost.js';
import { createSession, rowsView, type SessionOptions } from '../session.js';
import type { OnnxClassifier, OnnxModelOptions } from './types.js';

/** Which graph input takes the images and which output holds the logits, and their shapes. */
export interface Signature {
  readonly info: OnnxModelInfo;
  readonly input: string;
  readonly output: string;
  /** The shape of one sample. */
  readonly inputShape: readonly number[];
  /** The number of logits when the output's shape says it. */
  readonly declaredClasses: number | undefined;
}

/** The signature of a decoded model under the options, or an XaiError naming the fix. */
export function readSignature(
  decoded: ModelProto,
  options: OnnxModelOptions,
  name: string,
): Signature {
  const info = describeOnnxModel(decoded);
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
  return {
    info,
    input: input.name,
    output: output.name,
    inputShape: sampleShape(input, options.inputShape, name),
    declaredClasses: lastFixedDim(output),
  };
}

/**
 * The forward-only classifier: a session on `bytes` that runs batches under the memory
 * bound; `gradientProblem` says why it has no derivatives, when it has none.
 * `largestRowBytes`, when given, sizes a forward row: three buffers of the largest tensor
 * besides its input (a forward reuses buffers, but ONNX Runtime's arena fragments when
 * batch shapes alternate: a ResNet-50 row grew resident memory by 2.0-2.7 times its
 * largest tensor, docs/benchmarks/memory.md), within what the bound leaves above what
 * the model and the caller hold when the pass starts.
 */
export async function createClassifier(
  bytes: Uint8Array,
  signature: Signature,
  options: OnnxModelOptions & SessionOptions,
  name: string,
  gradientProblem: string | undefined,
  largestRowBytes?: () => Promise<number | undefined>,
): Promise<OnnxClassifier> {
  const { input, output, inputShape } = signature;
  const session = await createSession(bytes, options, name);
  const runOptions: RunOptions = {
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const runOnce = async (x: Tensor): Promise<Tensor> => {
    const feeds = { [input]: new ort.Tensor('float32', x.data, [...x.shape]) };
    const result = await session.run(feeds, [output]);
    const out = result[output]!;
    const data = out.data as Float32Array;
    const shape = out.dims.map(Number);
    out.dispose?.();
    return { data, shape };
  };
  const sampleBytes = 4 * inputShape.reduce((a, b) => a * b, 1);
  let rowEstimate: Promise<number> | undefined;
  const forwardRowBytes = () => {
    rowEstimate ??= (async () => sampleBytes + 3 * ((await largestRowBytes?.()) ?? 0))();
    return rowEstimate;
  };
  const seen = { warned: false };
  // Under a caller's bound, what a forward row really costs. The estimate above is a rule
  // fitted on convolutional models; a transformer row holds more (ViT-B/16: about 10 MiB
  // against the estimate's 7.5, docs/benchmarks/memory-vit-b-16.md).
  const rowCost = new RowCost(options.memoryLimitBytes !== undefined);
  const runBatches = async (x: Tensor): Promise<Tensor> => {
    const estimate = await forwardRowBytes();
    const total = x.shape[0]!;
    const parts: Tensor[] = [];
    for (let s = 0; s < total; ) {
      const rowBytes = rowCost.bytes(estimate);
      // What the model and the caller hold now, measured at each pass (memory-budget.ts).
      const held = heldSince(options.residentAtLoad);
      warnIfBelowHeld(seen, name, options.memoryLimitBytes, held, rowBytes);
      const passRun =
        rowBytes > sampleBytes
          ? passOptions(runOptions, held, rowBytes, 4 * x.data.length)
          : runOptions;
      const rows = rowCost.rows(planBatches(total - s, rowBytes, passRun)[0]![1]);
      logPlan({ pass: 'forward', rows: total - s, rowBytes, heldBytes: held, batch: rows });
      throwIfAborted(passRun.signal);
      parts.push(await rowCost.measure(rows, () => runOnce(rowsView(x, s, s + rows))));
      s += rows;
    }
    return joinBatches(parts);
  };
  let classes = signature.declaredClasses;
  if (classes === undefined) {
    const probe = await runOnce({
      data: new Float32Array(inputShape.reduce((a, b) => a * b, 1)),
      shape: [1, ...inputShape],
    });
    classes = probe.shape[probe.shape.length - 1]!;
  }
  const numClasses = classes;
  return {
    info: signature.info,
    inputName: input,
    outputName: output,
    ...(gradientProblem ? { gradientProblem } : {}),
    inputShape,
    numClasses,
    async forward(x: Tensor): Promise<Tensor> {
      checkInput(x, inputShape, name);
      const logits = await runBatches(x);
      if (logits.shape.length !== 2 || logits.shape[1] !== numClasses) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected logits [batch, ${numClasses}] from output '${output}' of ${name} but received ${formatShape(logits.shape)}; name the logits with outputName.`,
        );
      }
      return logits;
    },
    async dispose() {
      await session.release();
    },
  };
}

/** SHAPE_MISMATCH unless `x` is a non-empty batch of samples shaped `sample`; finite values. */
export function checkInput(x: Tensor, sample: readonly number[], name: string): void {
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
