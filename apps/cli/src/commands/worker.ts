import { XaiError } from '@xai/core';
import { installedVersions } from '@xai/evaluation/node';
import type { Command } from 'commander';
import { unitProcessor } from '../evaluate/unit-processor.js';
import { createOutput } from '../output.js';
import { openCommand } from '../setup/command-setup.js';
import { addModelFlags, type ModelFlags, parseModelFlags } from '../setup/model-flags.js';

interface WorkerFlags extends ModelFlags {
  queue: string;
  lockDuration: string;
  json?: boolean;
}

export function registerWorker(program: Command): void {
  const command = program
    .command('worker')
    .description(
      'explain and score the jobs of `xai evaluate --queue` (run any number, on any machine that sees the files)',
    )
    .requiredOption('--queue <redis://host:port>', 'the Redis server of the queue');
  addModelFlags(command, { threads: true })
    .option(
      '--lock-duration <ms>',
      'a job whose worker is silent this long is given to another worker',
      '30000',
    )
    .option('--json', 'one JSON line per finished job')
    .addHelpText(
      'after',
      '\nRuns until stopped (Ctrl-C or SIGTERM finishes the job in hand first). A worker checks the sha-256 of the model and of each sample after preprocessing against the job, and fails the job with the reason when a file is missing or differs.\n\nExample:\n  $ xai worker --queue redis://10.0.0.5:6379 --threads 4',
    )
    .action(async (flags: WorkerFlags) => {
      const out = createOutput(Boolean(flags.json));
      const setup = parseModelFlags(flags);
      const lockDurationMs = Number(flags.lockDuration);
      if (!(Number.isInteger(lockDurationMs) && lockDurationMs >= 1000)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected --lock-duration to be at least 1000 (ms) but received '${flags.lockDuration}'.`,
        );
      }
      // Stopped by Ctrl-C or SIGTERM (the job in hand finishes first); a second exits at once.
      const session = await openCommand(setup, out, true);
      try {
        const processor = unitProcessor({
          loadModel: session.loadModel,
          kernels: session.kernels.kernels,
          versions: installedVersions(import.meta.url),
        });
        // Loaded here, not at the CLI's start: BullMQ is slow to import.
        const { startWorker } = await import('@xai/evaluation/queue');
        const worker = await startWorker({
          queue: flags.queue,
          process: processor.process,
          lockDurationMs,
          onJob: (job, error) => {
            const what = { sample: job.sample, source: job.source, method: job.method };
            if (error)
              process.stderr.write(`failed ${job.source} ${job.method}: ${error.message}\n`);
            else if (flags.json)
              process.stdout.write(`${JSON.stringify({ ...what, done: true })}\n`);
            else out.info(`done ${job.source} ${job.method}`);
          },
        });
        out.info(`worker ready on ${flags.queue} (kernels: ${session.kernels.description})`);
        await new Promise<void>((resolve) =>
          session.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await worker.close();
        await processor.close();
      } finally {
        await session.close();
      }
    });
}
