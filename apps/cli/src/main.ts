import { XaiError } from '@xai/core';
import { Command, CommanderError } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerDemo } from './commands/demo.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExplain } from './commands/explain.js';
import { registerInspect } from './commands/inspect.js';
import { registerMethods } from './commands/methods.js';
import { registerMetrics } from './commands/metrics.js';
import { registerWorker } from './commands/worker.js';
import { exitCodes } from './exit-codes.js';
import { interruptedExitCode } from './interrupt.js';
import { setVerbose } from './output.js';
import { cliVersion } from './version.js';

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('xai')
    .description('Explain ONNX image classifiers: attribution maps and their faithfulness.')
    .version(cliVersion, '-V, --version', 'print the version')
    .option('--verbose', 'print which kernels run, and stack traces with errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  registerMethods(program);
  registerMetrics(program);
  registerInspect(program);
  registerExplain(program);
  registerEvaluate(program);
  registerWorker(program);
  registerDemo(program);
  registerBench(program);
  const verbose = argv.includes('--verbose');
  setVerbose(verbose);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodes.ok;
  } catch (e) {
    return reportError(e, verbose, argv.includes('--json'));
  }
}

/** With `--json`, an error is this object on stdout, so scripts parse one stream. */
function jsonError(code: string, message: string): void {
  process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
}

function reportError(e: unknown, verbose: boolean, json: boolean): number {
  if (e instanceof CommanderError) {
    // Help and version exit through here with code 0; commander already printed.
    if (e.exitCode !== 0 && json) jsonError('USAGE', e.message.replace(/^error: /, ''));
    return e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (XaiError.isInstance(e)) {
    if (json) jsonError(e.code, e.message);
    else process.stderr.write(`xai: ${e.message} [${e.code}]\n`);
    if (verbose && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.code === 'ABORTED' ? interruptedExitCode() : exitCodes.xai;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (json) jsonError('UNEXPECTED', err.message);
  process.stderr.write(`xai: unexpected error: ${err.message}\n`);
  process.stderr.write(
    verbose && err.stack
      ? `${err.stack}\n`
      : '(run with --verbose for the stack trace, and please report it)\n',
  );
  return exitCodes.unexpected;
}
