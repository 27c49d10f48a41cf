import { XaiError } from '@xai/core';

export const threadsFlag = [
  '--threads <n>',
  "ONNX Runtime's intra-op threads (default: its own choice)",
] as const;

/** `--threads`: a positive integer, or undefined for ONNX Runtime's own choice. */
export function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --threads to be a positive integer but received '${text}'.`,
    );
  }
  return n;
}
