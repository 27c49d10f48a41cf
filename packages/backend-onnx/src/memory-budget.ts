import type { RunOptions } from '@xai/core';

/** The process's resident bytes now, where the runtime tells (Node); 0 elsewhere. */
export function residentBytes(): number {
  const usage = (globalThis as { process?: { memoryUsage?: { rss?: () => number } } }).process
    ?.memoryUsage;
  return typeof usage?.rss === 'function' ? usage.rss() : 0;
}

/**
 * What the bound already holds when a pass starts: the growth of resident memory since
 * the model began to load (weights, graphs, every session made so far, and what the
 * caller built since, such as the perturbed batch it hands in). Measured at each pass,
 * not once: a gradient session made after the first forward, or a method's chunk of
 * masks, count against the passes that follow (docs/benchmarks/memory.md).
 */
export function heldSince(residentAtLoad: number | undefined): number {
  return Math.max(0, residentBytes() - (residentAtLoad ?? 0));
}

/**
 * The run options for one kind of pass when the model holds `heldBytes` (measured, see
 * `heldSince`): a caller's bound covers the model and its passes, so a pass may use what the
 * bound leaves above that, less `nextBatchBytes`, never less than one row.
 *
 * `nextBatchBytes` is room kept for the caller's next batch (the size of the one in hand).
 * What a pass takes stays in ONNX Runtime's arena for the session's life, and methods call
 * again with a fresh batch of the same size, made before JavaScript collects the one it
 * replaces: on ViT-B/16 under 3 GB, RISE's second image's 500 masked copies (287 MiB) came
 * on top of an arena filled to the bound by the first image's passes and went 226 MiB over
 * it (docs/benchmarks/memory-vit-b-16.md).
 */
export function passOptions(
  options: RunOptions,
  heldBytes: number,
  rowBytes: number,
  nextBatchBytes = 0,
): RunOptions {
  const bound = options.memoryLimitBytes;
  // Without a caller's bound the default bounds a pass's rows only: what the model holds
  // includes ONNX Runtime's arena, which the next pass reuses, and counting it against the
  // default 256 MiB ran every ResNet-50 forward a row at a time (docs/benchmarks/gradients.md).
  if (bound === undefined) return options;
  return { ...options, memoryLimitBytes: Math.max(rowBytes, bound - heldBytes - nextBatchBytes) };
}

/**
 * A process warning (code XAI_MEMORY_BOUND), once per `seen` flag, when the caller's
 * bound cannot be kept: what the model holds already (weights, sessions, the caller's
 * data since load) and one row of the pass exceed it. Names the smallest bound that
 * holds one row. Returns whether it warned. Passes then run one row at a time.
 */
export function warnIfBelowHeld(
  seen: { warned: boolean },
  name: string,
  bound: number | undefined,
  heldBytes: number,
  rowBytes: number,
): boolean {
  if (seen.warned || bound === undefined || heldBytes + rowBytes <= bound) return false;
  seen.warned = true;
  const mib = (b: number) => Math.ceil(b / 2 ** 20);
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: object) => void } })
    .process;
  proc?.emitWarning?.(
    `Expected a memory bound above what ${name} holds but received ${mib(bound)} MiB: it holds ${mib(heldBytes)} MiB (weights, sessions, data) and a row of its passes needs ${mib(rowBytes)} MiB; passes run one row at a time. Set --memory / memoryLimitBytes to ${mib(heldBytes + rowBytes)} MiB or more to keep within it.`,
    { code: 'XAI_MEMORY_BOUND' },
  );
  return true;
}
