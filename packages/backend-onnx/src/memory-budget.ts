import { defaultMemoryLimitBytes, type RunOptions } from '@xai/core';

/** The process's resident bytes now, where the runtime tells (Node); 0 elsewhere. */
export function residentBytes(): number {
  const usage = (globalThis as { process?: { memoryUsage?: { rss?: () => number } } }).process
    ?.memoryUsage;
  return typeof usage?.rss === 'function' ? usage.rss() : 0;
}

/**
 * The run options for one kind of pass when the model holds `heldBytes` (the growth of
 * resident memory since it began to load, with the pass's session made: weights, graphs,
 * sessions, measured rather than estimated): the bound covers the model and its passes,
 * so a pass may use what the bound leaves above that, never less than one row.
 */
export function passOptions(options: RunOptions, heldBytes: number, rowBytes: number): RunOptions {
  const bound = options.memoryLimitBytes ?? defaultMemoryLimitBytes;
  return { ...options, memoryLimitBytes: Math.max(rowBytes, bound - heldBytes) };
}
