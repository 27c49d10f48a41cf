import { XaiError } from '@xai/core';
import { Command, CommanderError } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerDemo } from './commands/demo.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExplain } from './commands/explain.js';
import { registerInspect } from './commands/inspect.js';
import { registerMethods } from './commands/methods.js';
import { registerMetrics } from './commands/metrics.js';
import { exitCodes } from './exit-codes.js';
import { cliVersion } from './version.js';

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('xai')
    .description('Explain ONNX image classifiers: attribution maps and their faithfulness.')
    .version(cliVersion, '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  registerMethods(program);
  registerMetrics(program);
  registerInspect(program);
  registerExplain(program);
  registerEvaluate(program);
  registerDemo(program);
  registerBench(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodes.ok;
  } catch (e) {
    return reportError(e, argv.includes('--verbose'));
  }
}

function reportError(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // Help and version exit through here with code 0; commander already printed.
    return e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (XaiError.isInstance(e)) {
    process.stderr.write(`xai: ${e.message} [${e.code}]\n`);
    if (verbose && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.code === 'ABORTED' ? exitCodes.interrupted : exitCodes.xai;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`xai: unexpected error: ${err.message}\n`);
  process.stderr.write(
    verbose && err.stack
      ? `${err.stack}\n`
      : '(run with --verbose for the stack trace, and please report it)\n',
  );
  return exitCodes.unexpected;
}
