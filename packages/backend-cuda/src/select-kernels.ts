/**
 * Choosing the kernels, like onnxruntime's `backend-impl.ts`: the caller names a device, or
 * `'auto'` tries CUDA, then the native CPU kernels (then, in `selectKernels`, `jsKernels`),
 * and when nothing fits one error lists why each failed. Nothing loads at import time.
 */
import { jsKernels, type Kernels, XaiError } from '@xai/core';
import { type LoadAddonOptions, loadAddon } from './load-addon.js';
import {
  missingKernelFunctions,
  type NativeAddon,
  type NativeDescription,
  type NativeKernelFunctions,
  type NativeTransfers,
} from './native-addon.js';
import { callNative } from './native-call.js';
import { createNativeKernels } from './native-kernels.js';

export type NativeDeviceChoice = 'auto' | 'cuda' | 'cpu';

export interface LoadNativeKernelsOptions extends LoadAddonOptions {
  /** `'auto'` (default): CUDA when a device is usable, else the CPU threads. */
  device?: NativeDeviceChoice;
  /**
   * On CUDA, keep large outputs (1 MiB and more) on the device until JavaScript collects
   * them, so that passing one back as an input (step masks into \`perturb\`, say) skips
   * its upload; \`transfers()\` counts the reuses. Only for callers that never modify a
   * kernel's output array: a modified one would be read as it was. At most
   * XAI_CUDA_RESIDENT_MB (default 1024) MiB stay on the device. No effect on the CPU.
   */
  keepOutputsOnDevice?: boolean;
}

export interface NativeKernels {
  readonly kernels: Kernels;
  /**
   * Host <-> device copies the CUDA kernels made so far in this process, and the inputs
   * found on the device instead (all zero on the CPU); `reset` starts the counts again.
   * For reporting a run's copy traffic.
   */
  transfers(reset?: boolean): NativeTransfers;
  readonly device: {
    readonly kind: 'cuda' | 'cpu';
    /** One line for logs and `--kernels` reports, e.g. "native CPU, 2 threads (GNU 12.2.0)". */
    readonly description: string;
  };
}

interface Attempt {
  readonly kind: 'cuda' | 'cpu';
  readonly reason: string;
}

const buildHelp =
  '  - Build the addon: pnpm --filter @xai/native build (needs cmake >= 3.19 and a C++17 compiler)';

function withCode(code: 'BACKEND_UNAVAILABLE', message: string, cause?: unknown): XaiError {
  return new XaiError(code, message, cause === undefined ? undefined : { cause });
}

/** Why CUDA cannot run here, or undefined when it can. */
function cudaProblem(d: NativeDescription): string | undefined {
  if (!d.cudaCompiled) {
    return 'the addon was built without CUDA (no nvcc was found when it was built, or XAI_CUDA=OFF)';
  }
  if (d.cudaDevices < 1) return `no usable CUDA device (${d.cudaError ?? 'none found'})`;
  return undefined;
}

const cudaHelp =
  'Possible solutions:\n' +
  '  - Run on a machine with an NVIDIA GPU and a driver recent enough for the CUDA version the addon was built with\n' +
  '  - Rebuild with nvcc on PATH (or CUDACXX set): XAI_CUDA=ON pnpm --filter @xai/native build\n' +
  "  - Or use the CPU kernels: device 'cpu' (--kernels cpu), or 'auto' to fall back";

function loadKernelAddon(options: LoadAddonOptions): NativeAddon & NativeKernelFunctions {
  const addon = loadAddon(options);
  const missing = missingKernelFunctions(addon);
  if (missing.length > 0) {
    throw withCode(
      'BACKEND_UNAVAILABLE',
      `The xai native addon loaded but lacks the kernel functions ${missing.join(', ')}: it was built from older sources.\n` +
        `Possible solutions:\n${buildHelp}\n  - Or use the JavaScript kernels: --kernels js`,
    );
  }
  return addon as NativeAddon & NativeKernelFunctions;
}

/**
 * The native kernels on `device`. `'cuda'` requires a CUDA build and a usable device;
 * `'cpu'` the addon; `'auto'` prefers CUDA, then the CPU. Rejects with BACKEND_UNAVAILABLE
 * saying why and what to do.
 */
export async function loadNativeKernels(
  options: LoadNativeKernelsOptions = {},
): Promise<NativeKernels> {
  const device = options.device ?? 'auto';
  if (device !== 'auto' && device !== 'cuda' && device !== 'cpu') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected 'auto', 'cuda' or 'cpu' for the device but received ${String(device)}.`,
    );
  }
  const addon = loadKernelAddon(options);
  const d = callNative('describe', () => addon.describe());
  const problem = cudaProblem(d);
  if (device === 'cuda' && problem) {
    throw withCode('BACKEND_UNAVAILABLE', `The CUDA kernels cannot run: ${problem}.\n${cudaHelp}`);
  }
  const transfers = (reset?: boolean) =>
    callNative('cudaTransfers', () => addon.cudaTransfers(reset));
  if (device !== 'cpu' && !problem) {
    return {
      kernels: createNativeKernels(addon, options.keepOutputsOnDevice ? 'cuda-keep' : 'cuda'),
      transfers,
      device: {
        kind: 'cuda',
        description: `CUDA, ${d.cudaDevices} device(s) (${d.compiler}), xai_native ${d.version}`,
      },
    };
  }
  return {
    kernels: createNativeKernels(addon, 'cpu'),
    transfers,
    device: {
      kind: 'cpu',
      description: `native CPU, ${d.threads} thread(s) (${d.compiler}), xai_native ${d.version}`,
    },
  };
}

export type KernelsChoice = 'auto' | 'js' | 'cpu' | 'cuda';

export interface SelectedKernels {
  readonly kernels: Kernels;
  /** Which implementation was taken. */
  readonly kind: 'js' | 'cpu' | 'cuda';
  /** One line saying what was taken and, for `'auto'`, why the faster ones were passed over. */
  readonly description: string;
  /** For `'auto'`: why each implementation before the one taken was not used. */
  readonly skipped: readonly Attempt[];
}

/**
 * The kernels for the CLI's `--kernels auto|js|cpu|cuda`. `'auto'` takes CUDA, else the
 * native CPU kernels, else `jsKernels`, and says which it took and why; naming one that cannot
 * run rejects with BACKEND_UNAVAILABLE.
 */
export async function selectKernels(
  choice: KernelsChoice = 'auto',
  options: LoadAddonOptions = {},
): Promise<SelectedKernels> {
  if (choice === 'js') {
    return {
      kernels: jsKernels,
      kind: 'js',
      description: 'JavaScript kernels (jsKernels)',
      skipped: [],
    };
  }
  if (choice === 'cpu' || choice === 'cuda') {
    const native = await loadNativeKernels({ ...options, device: choice });
    return {
      ...native,
      kind: native.device.kind,
      description: native.device.description,
      skipped: [],
    };
  }
  if (choice !== 'auto') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected 'auto', 'js', 'cpu' or 'cuda' for the kernels but received ${String(choice)}.`,
    );
  }
  const skipped: Attempt[] = [];
  let native: NativeKernels;
  try {
    native = await loadNativeKernels({ ...options, device: 'auto' });
  } catch (e) {
    if (!XaiError.isInstance(e) || e.code !== 'BACKEND_UNAVAILABLE') throw e;
    const reason = e.message.split('\n')[0] ?? e.message;
    skipped.push({ kind: 'cuda', reason }, { kind: 'cpu', reason });
    return {
      kernels: jsKernels,
      kind: 'js',
      description: `JavaScript kernels (jsKernels): the native addon is unavailable (${reason})`,
      skipped,
    };
  }
  if (native.device.kind === 'cpu') {
    const d = callNative('describe', () => loadAddon(options).describe());
    skipped.push({ kind: 'cuda', reason: cudaProblem(d) ?? 'not selected' });
  }
  const why = skipped.length ? `; CUDA skipped: ${skipped[0]!.reason}` : '';
  return {
    kernels: native.kernels,
    kind: native.device.kind,
    description: `${native.device.description}${why}`,
    skipped,
  };
}
