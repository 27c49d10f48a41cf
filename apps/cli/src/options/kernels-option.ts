import { type KernelsChoice, type SelectedKernels, selectKernels } from '@xai/backend-cuda';
import { XaiError } from '@xai/core';

export const kernelsFlag = [
  '--kernels <auto|js|cpu|cuda>',
  'array kernels: auto prefers CUDA, then native CPU, then JS',
  'auto',
] as const;

/** The kernels `--kernels` names; 'auto' falls back and the result says what it took and why. */
export async function chooseKernels(flag: string): Promise<SelectedKernels> {
  if (!['auto', 'js', 'cpu', 'cuda'].includes(flag)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --kernels auto, js, cpu or cuda but received '${flag}'.`,
    );
  }
  return selectKernels(flag as KernelsChoice);
}
