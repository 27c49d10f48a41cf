/// <reference lib="webworker" />
/**
 * The playground's Web Worker: loads the model with @xai/backend-onnx's browser build
 * (onnxruntime-web, WASM) and runs one method at a time from the registry, with progress
 * and cancellation (an AbortSignal checked between the method's batches).
 */
import {
  loadOnnxModel,
  type OnnxClassifier,
  type OnnxModel,
  onnxRuntimeEnv,
} from '@xai/backend-onnx';
import { type Classifier, type Tensor, XaiError } from '@xai/core';
import { methods } from '@xai/methods';
import { deletion, insertion } from '@xai/metrics';
// onnxruntime-web's WebAssembly and its Emscripten glue, served from the package as build
// assets: the glue starts the runtime's thread workers from its own URL.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { modelOutOfMemory, modelTooLarge } from './model-size.js';
import type { Curve, FromWorker, ModelSource, ToWorker } from './protocol.js';
import { responsive } from './responsive-model.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

let model: OnnxModel | OnnxClassifier | undefined;
let threadsSet = false;
const running = new Map<number, AbortController>();

async function modelBytes(source: ModelSource, limit: number): Promise<Uint8Array> {
  if ('bytes' in source) {
    if (source.bytes.byteLength > limit)
      throw modelTooLarge(source.name, source.bytes.byteLength, limit);
    return new Uint8Array(source.bytes);
  }
  const response = await fetch(source.url);
  if (!response.ok) {
    throw new XaiError(
      'FILE_NOT_FOUND',
      `Expected an ONNX model at '${source.url}' but the server answered ${response.status}.`,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw modelTooLarge(source.name, declared, limit);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw modelTooLarge(source.name, bytes.length, limit);
  return bytes;
}

async function load(m: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  if (!threadsSet) {
    // A global of onnxruntime-web, read when its WASM starts (the first session).
    onnxRuntimeEnv.wasm.numThreads = scope.crossOriginIsolated ? m.threads : 1;
    onnxRuntimeEnv.wasm.wasmPaths = {
      mjs: new URL(ortMjsUrl, scope.location.href).href,
      wasm: new URL(ortWasmUrl, scope.location.href).href,
    };
    threadsSet = true;
  }
  const bytes = await modelBytes(m.model, m.maxModelBytes);
  const next = await loadOnnxModel(bytes, { gradients: 'optional' }).catch((e: unknown) => {
    // The WASM heap running out shows as a RangeError or an abort from the runtime.
    if (e instanceof RangeError || /out of memory|Aborted\(\)/i.test(String(e))) {
      throw modelOutOfMemory(m.model.name, bytes.length, e);
    }
    throw e;
  });
  await model?.dispose();
  model = next;
  post({
    type: 'loaded',
    id: m.id,
    name: m.model.name,
    inputShape: next.inputShape,
    numClasses: next.numClasses,
    ...(next.gradientProblem ? { gradientProblem: next.gradientProblem } : {}),
    threads: onnxRuntimeEnv.wasm.numThreads ?? 1,
  });
}

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

async function explain(m: Extract<ToWorker, { type: 'explain' }>): Promise<void> {
  const current = model;
  if (!current)
    throw new XaiError('INVALID_ARGUMENT', 'Expected a model before explaining: load one first.');
  const method = methods.find((d) => d.name === m.method);
  if (!method) {
    throw new XaiError(
      'UNKNOWN_METHOD',
      `Expected a method among ${methods.map((d) => d.name).join(', ')} but received '${m.method}'.`,
    );
  }
  const gradientProblem = 'gradientProblem' in current ? current.gradientProblem : undefined;
  if (method.requires !== 'forward' && gradientProblem) {
    throw new XaiError(
      'UNSUPPORTED_OP',
      `Expected a model the backend can differentiate for ${method.name} but these ops have no derivative rule: ${gradientProblem}; choose a forward method (occlusion, RISE) or another model.`,
    );
  }
  const controller = new AbortController();
  running.set(m.id, controller);
  try {
    const x: Tensor = { data: m.input.data, shape: [...m.input.shape] };
    const live = responsive(current);
    const logits = await live.forward(x);
    const probabilities = softmax(logits.data);
    const target =
      m.target === 'predicted' ? probabilities.indexOf(Math.max(...probabilities)) : m.target;
    const started = performance.now();
    const map = await method.explain(live as Classifier as OnnxModel, x, {
      ...m.options,
      target,
      seed: m.seed,
      ...(m.domain ? { domain: m.domain } : {}),
      signal: controller.signal,
      onProgress: (p) => post({ type: 'progress', id: m.id, ...p }),
    });
    const ms = performance.now() - started;
    post(
      { type: 'result', id: m.id, map: map.data, shape: map.shape, target, probabilities, ms },
      [],
    );
    if (!m.curves) return;
    const context = {
      target,
      seed: m.seed,
      ...(m.domain ? { domain: m.domain } : {}),
      signal: controller.signal,
    };
    const curve = async (metric: typeof insertion): Promise<Curve> => {
      const r = await metric.evaluate(live, x, map, context);
      const values = (r.details?.curves as Tensor | undefined)?.data ?? new Float32Array();
      return { auc: r.scores[0]!, values: Array.from(values) };
    };
    post({
      type: 'curves',
      id: m.id,
      insertion: await curve(insertion),
      deletion: await curve(deletion),
    });
  } finally {
    running.delete(m.id);
  }
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'cancel') {
    running.get(m.id)?.abort(new Error('cancelled from the page'));
    return;
  }
  try {
    if (m.type === 'load') await load(m);
    else await explain(m);
  } catch (e) {
    const code = XaiError.isInstance(e) ? e.code : 'UNEXPECTED';
    post({ type: 'error', id: m.id, code, message: (e as Error).message ?? String(e) });
  }
};
