import { defaultMemoryLimitBytes, type RunOptions } from '@xai/core';

/** The process's resident bytes now, where the runtime tells (Node); 0 elsewhere. */
export function residentBytes(): number {
  const usage = (globalThis as { process?: { memoryUsage?: { rss?: () => number } } }).process
    ?.memoryUsage;
  return typeof usage?.rss === 'function' ? usage.rss() : 0;
}

/**
 * The run options for one kind of pass whose sessions were made when the process held
 * `heldBytes`: the memory bound is for the whole process, so the pass may use what the
 * bound leaves above what was held then (the weights and sessions loaded so far, measured
 * rather than estimated), and never less than one row.
 */
export function passOptions(options: RunOptions, heldBytes: number, rowBytes: number): RunOptions {
  const bound = options.memoryLimitBytes ?? defaultMemoryLimitBytes;
  return { ...options, memoryLimitBytes: Math.max(rowBytes, bound - heldBytes) };
}
