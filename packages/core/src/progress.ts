import { XaiError } from './errors.js';

/** One step of long work: `done` of `total` units of `phase` (e.g. 'round', 'batch', 'sample'). */
export interface ProgressEvent {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export type OnProgress = (event: ProgressEvent) => void;

/** What every long-running call accepts: progress, cancellation and a memory bound. */
export interface RunOptions {
  readonly onProgress?: OnProgress;
  readonly signal?: AbortSignal;
  /** The most samples sent to the model in one call. */
  readonly maxBatchSize?: number;
  /** An upper bound on the bytes of one model call's input, used to pick the batch size. */
  readonly memoryLimitBytes?: number;
}

/** Throws `XaiError('ABORTED')` when the signal has fired; call it between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new XaiError('ABORTED', `The operation was aborted${reasonText(signal.reason)}.`, {
      cause: signal.reason,
    });
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return `: ${reason.message}`;
  if (typeof reason === 'string') return `: ${reason}`;
  return '';
}
