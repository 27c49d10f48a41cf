import { type OnProgress, throwIfAborted, XaiError } from '@xai/core';
import { Queue } from 'bullmq';
import { sha256Hex } from '../identity/sha256.js';
import type { ResultRecord } from '../record.js';
import { collectPlan } from '../run/collect.js';
import { datasetOf, type EvaluationDataset } from '../run/dataset.js';
import type { PlannedResult, PlannedUnit } from '../run/plan.js';
import { type PlanOptions, prepareUnits } from '../run/prepare.js';
import type { ResultStore } from '../store/result-store.js';
import type { ResultTable } from '../table.js';
import { evaluationVersion } from '../version.js';
import { encodeJobOptions } from './job-options.js';
import { redisConnection } from './redis-url.js';
import { queueName, type UnitJobData } from './unit-job.js';

export interface QueueEvaluateOptions extends PlanOptions {
  /** `redis://host:port` */
  readonly queue: string;
  /** Where results are reused from and collected into. */
  readonly store: ResultStore;
  /** What workers need beyond the unit: the files (as they see them) and how to read them. */
  readonly files: Pick<UnitJobData, 'modelPath' | 'inputPath' | 'inputSpec'>;
  /** Results collected / total, across all workers. */
  readonly onProgress?: OnProgress;
  readonly signal?: AbortSignal;
  /** How often the jobs' states are read (default 250 ms). */
  readonly pollMs?: number;
  /** Tries per job before it is reported as failed (default 3; bad input fails at once). */
  readonly attempts?: number;
}

export interface QueueFailure {
  readonly sample: number;
  readonly source: string;
  readonly method: string;
  readonly reason: string;
}

export interface QueueEvaluationResult {
  readonly records: readonly ResultRecord[];
  readonly table: ResultTable;
  readonly enqueued: number;
  readonly collected: number;
  readonly reused: number;
  /** Jobs that failed for good (a missing or different file, a bad option...). */
  readonly failed: readonly QueueFailure[];
}

/**
 * The coordinator of a distributed evaluation: plans, puts one job per (sample, method)
 * still missing results on the queue, with an identity of its results as the job id (so a
 * re-run or a second coordinator adds nothing twice), and collects what workers finish
 * into the store. Killed and restarted, it enqueues nothing new and collects what finished
 * meanwhile (jobs keep their results in Redis until removed).
 */
export async function evaluateOnQueue(o: QueueEvaluateOptions): Promise<QueueEvaluationResult> {
  const connection = redisConnection(o.queue);
  const units = await prepareUnits(o, undefined);
  const dataset = datasetOf(units, o.inputs);
  const allIds = units.flatMap((u) => u.results.map((r) => r.id));
  const before = await o.store.get(allIds);
  const queue = new Queue<UnitJobData, ResultRecord[]>(queueName, { connection });
  const attempts = o.attempts ?? 3;
  try {
    await queue.waitUntilReady().catch((e: Error) => {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a Redis server at ${o.queue} for --queue but could not reach it (${e.message}).`,
      );
    });
    const pending = new Map<string, { unit: PlannedUnit; wanted: PlannedResult[] }>();
    for (const unit of units) {
      const wanted = unit.results.filter((r) => !before.has(r.id));
      if (!wanted.length) continue;
      const jobId = `u${await sha256Hex(`${unit.explanation}:${wanted.map((r) => r.id).join(',')}`)}`;
      pending.set(jobId, { unit, wanted });
    }
    let enqueued = 0;
    for (const [jobId, { unit, wanted }] of pending) {
      const existing = await queue.getJob(jobId);
      if (existing) {
        // A job that failed for good in an earlier run is tried again by a new one.
        if ((await existing.getState()) === 'failed') await existing.retry('failed');
        continue;
      }
      await queue.add('unit', jobData(o, unit, wanted, dataset), {
        jobId,
        attempts,
        backoff: { type: 'fixed', delay: 500 },
      });
      enqueued++;
    }
    const total = [...pending.values()].reduce((s, p) => s + p.wanted.length, 0);
    let collected = 0;
    const failed: QueueFailure[] = [];
    o.onProgress?.({ phase: 'collected', done: 0, total });
    while (pending.size) {
      throwIfAborted(o.signal);
      for (const [jobId, { unit, wanted }] of pending) {
        // The state first, then the job: a job read before it finished has no result yet.
        const state = await queue.getJobState(jobId);
        const job = state === 'unknown' ? undefined : await queue.getJob(jobId);
        if (state === 'completed' && Array.isArray(job?.returnvalue)) {
          await o.store.put(job.returnvalue);
          collected += wanted.length;
        } else if (state === 'failed' || !job) {
          failed.push({
            sample: unit.sample,
            source: unit.source,
            method: unit.method.name,
            reason: job?.failedReason ?? 'the job was removed from the queue',
          });
        } else continue;
        pending.delete(jobId);
        o.onProgress?.({ phase: 'collected', done: collected, total });
      }
      if (pending.size) await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
    }
    const { records, table } = await collectPlan(units, o.store, failed.length > 0);
    return { records, table, enqueued, collected, reused: before.size, failed };
  } finally {
    await queue.close();
  }
}

function jobData(
  o: QueueEvaluateOptions,
  unit: PlannedUnit,
  wanted: PlannedResult[],
  dataset: EvaluationDataset | undefined,
): UnitJobData {
  return {
    ...o.files,
    modelHash: o.modelHash,
    sample: unit.sample,
    sampleHash: unit.sampleHash,
    source: unit.source,
    target: unit.target,
    method: unit.method.name,
    methodOptions: unit.methodOptions,
    explanation: unit.explanation,
    results: wanted.map((r) => ({
      id: r.id,
      metric: r.metric.name,
      options: encodeJobOptions(r.options),
    })),
    ...(dataset
      ? { dataset: { count: dataset.targets.length, targets: Array.from(dataset.targets) } }
      : {}),
    seed: o.seed ?? 0,
    versions: o.versions ?? { '@xai/evaluation': evaluationVersion },
  };
}
