import { exitCodes } from './exit-codes.js';

/** The signal that stopped the command, if one did: it picks the exit code (130 or 143). */
let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;

/** The exit code of a command stopped by a signal: 128 + the signal's number. */
export function interruptedExitCode(): number {
  return stoppedBy === 'SIGTERM' ? exitCodes.terminated : exitCodes.interrupted;
}

export interface Interrupt {
  /** Fires on the first Ctrl-C or SIGTERM; pass it to every long call. */
  readonly signal: AbortSignal;
  /** Removes the handlers (call in `finally`). */
  dispose(): void;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM handling for a long command: the first signal aborts
 * `signal`, so the work stops at its next check (several times a second) and nothing is
 * left half-written; a second signal exits at once, as users expect of a stuck program.
 */
export function handleInterrupts(
  stderr: NodeJS.WritableStream = process.stderr,
  exit: (code: number) => void = (code) => process.exit(code),
): Interrupt {
  const controller = new AbortController();
  const on = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) {
      exit(name === 'SIGTERM' ? exitCodes.terminated : exitCodes.interrupted);
      return;
    }
    stoppedBy = name;
    stderr.write(
      `\r\x1b[Kxai: stopping (${name === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}); press Ctrl-C again to quit at once\n`,
    );
    controller.abort(
      new Error(name === 'SIGINT' ? 'interrupted (Ctrl-C)' : 'terminated (SIGTERM)'),
    );
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
