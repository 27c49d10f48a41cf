import { parseMemorySize } from '@xai/core';

export const memoryFlag = [
  '--memory <size>',
  'memory bound for the model passes and the batches, e.g. 2GB or 512MiB (default: 256MiB)',
] as const;

/** `--memory`: bytes, or undefined for the library's default bound. */
export function parseMemory(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseMemorySize(text, '--memory');
}
