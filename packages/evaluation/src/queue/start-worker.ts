import { XaiError } from '@xai/core';
import { UnrecoverableError, Worker } from 'bullmq';
import type { ResultRecord } from '../record.js';
import { redisConnection } from './redis-url.js';
import { queueName, type UnitJobData } from './unit-job.js';

export interface WorkerOptions {
  /** `redis://host:port` */
  readonly queue: string;
  /** Explains and scores one unit (the CLI's `xai worker` loads and checks the files). */
  readonly process: (job: UnitJobData) => Promise<ResultRecord[]>;
  /**
   * How long a job stays owned without a heartbeat (default 30 s): a worker killed
   * mid-job gives its job back after this, and another worker runs it again.
   */
  readonly lockDurationMs?: number;
  /** Called when a job ends: its unit, and the error if it failed. */
  readonly onJob?: (job: UnitJobData, error?: Error) => void;
}

/**
 * A worker on the evaluation queue, one job at a time. Bad input (an `XaiError`: a file
 * missing or different, an unknown method) fails the job at once with its message; other
 * errors are retried up to the job's attempts.
 */
export async function startWorker(o: WorkerOptions): Promise<{ close(): Promise<void> }> {
  const lockDuration = o.lockDurationMs ?? 30_000;
  const worker = new Worker<UnitJobData, ResultRecord[]>(
    queueName,
    async (job) => {
      try {
        const records = await o.process(job.data);
        o.onJob?.(job.data);
        return records;
      } catch (e) {
        o.onJob?.(job.data, e as Error);
        if (XaiError.isInstance(e)) throw new UnrecoverableError(`${e.message} [${e.code}]`);
        throw e;
      }
    },
    {
      connection: redisConnection(o.queue),
      concurrency: 1,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
    },
  );
  await worker.waitUntilReady().catch((e: Error) => {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a Redis server at ${o.queue} for --queue but could not reach it (${e.message}).`,
    );
  });
  return { close: () => worker.close() };
}
