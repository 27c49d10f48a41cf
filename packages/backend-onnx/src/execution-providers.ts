import { XaiError } from '@xai/core';
import * as ort from 'onnxruntime-node';

/**
 * What a provider needs beyond onnxruntime-node's bundled files, said when it fails to
 * start. CUDA and TensorRT load provider libraries that onnxruntime-node downloads at
 * install time (skipped with `ONNXRUNTIME_NODE_INSTALL=skip`); WebGPU needs an adapter.
 */
const installAdvice: Readonly<Record<string, string>> = {
  cuda:
    "install onnxruntime-node's CUDA provider (reinstall it with ONNXRUNTIME_NODE_INSTALL=cuda12) " +
    'with CUDA 12 and cuDNN 9 on the library path, and an NVIDIA GPU and driver',
  tensorrt:
    "install onnxruntime-node's CUDA provider (reinstall it with ONNXRUNTIME_NODE_INSTALL=cuda12), " +
    'CUDA 12, cuDNN 9 and TensorRT 10 on the library path, and an NVIDIA GPU and driver',
  webgpu:
    'WebGPU needs a GPU adapter: install the GPU driver and Vulkan loader (libvulkan.so.1 on Linux)',
};

/** The providers this onnxruntime-node build knows, e.g. `['cpu', 'webgpu', 'cuda', 'tensorrt']`. */
export function knownExecutionProviders(): string[] {
  return ort.listSupportedBackends().map((b) => b.name);
}

/**
 * Checks the requested providers before any model work: a list of non-empty names that
 * this onnxruntime-node build knows (default `['cpu']`).
 */
export function checkExecutionProviders(providers: readonly string[] | undefined): string[] {
  if (providers === undefined) return ['cpu'];
  const known = knownExecutionProviders();
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-empty list of provider names (${known.join(', ')}) for executionProviders but received ${JSON.stringify(providers)}.`,
    );
  }
  for (const p of providers) {
    if (typeof p !== 'string' || !known.includes(p)) {
      throw new XaiError(
        'BACKEND_UNAVAILABLE',
        `Expected one of ${known.join(', ')} for executionProviders but received ${JSON.stringify(p)}: ` +
          'this build of onnxruntime-node has no such execution provider.',
      );
    }
  }
  return [...providers];
}

/**
 * The error for a session that ONNX Runtime could not create with these providers: when
 * its message names a provider that failed to start, BACKEND_UNAVAILABLE saying what to
 * install; otherwise undefined (the model itself is at fault).
 */
export function providerStartError(
  providers: readonly string[],
  error: unknown,
): XaiError | undefined {
  const message = (error as Error)?.message ?? String(error);
  const failed = providers.find(
    (p) =>
      p !== 'cpu' &&
      (new RegExp(`AppendExecutionProvider_${p}\\b`, 'i').test(message) ||
        message.toLowerCase().includes(`providers/${p}/`) ||
        message.includes(`[${p}] backend not found`)),
  );
  if (failed === undefined) return undefined;
  const advice = installAdvice[failed] ?? `install what ONNX Runtime's '${failed}' provider needs`;
  return new XaiError(
    'BACKEND_UNAVAILABLE',
    `Expected ONNX Runtime's '${failed}' execution provider to start but it failed (${message.split('\n')[0]}): ` +
      `${advice}, or choose another provider (e.g. 'cpu').`,
    { cause: error },
  );
}
