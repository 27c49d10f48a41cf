import { loadOnnxModel } from '@xai/backend-onnx';
import { XaiError } from '@xai/core';
import { installedVersions } from '@xai/evaluation/node';
import type { Command } from 'commander';
import { unitProcessor } from '../evaluate/unit-processor.js';
import { chooseKernels, kernelsFlag } from '../options/kernels-option.js';
import { parseThreads, threadsFlag } from '../options/threads-option.js';
import { createOutput } from '../output.js';

interface WorkerFlags {
  queue: string;
  kernels: string;
  threads?: string;
  lockDuration: string;
  json?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'explain and score the jobs of `xai evaluate --queue` (run any number, on any machine that sees the files)',
    )
    .requiredOption('--queue <redis://host:port>', 'the Redis server of the queue')
    .option(...kernelsFlag)
    .option(...threadsFlag)
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
      const threads = parseThreads(flags.threads);
      const lockDurationMs = Number(flags.lockDuration);
      if (!(Number.isInteger(lockDurationMs) && lockDurationMs >= 1000)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected --lock-duration to be at least 1000 (ms) but received '${flags.lockDuration}'.`,
        );
      }
      const selected = await chooseKernels(flags.kernels);
      const processor = unitProcessor({
        loadModel: (path) =>
          loadOnnxModel(path, { gradients: 'optional', ...(threads ? { threads } : {}) }),
        kernels: selected.kernels,
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
          if (error) process.stderr.write(`failed ${job.source} ${job.method}: ${error.message}\n`);
          else if (flags.json) process.stdout.write(`${JSON.stringify({ ...what, done: true })}\n`);
          else out.info(`done ${job.source} ${job.method}`);
        },
      });
      out.info(`worker ready on ${flags.queue} (kernels: ${selected.description})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await worker.close();
      await processor.close();
    });
}
