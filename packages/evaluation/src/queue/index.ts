export {
  evaluateOnQueue,
  type QueueEvaluateOptions,
  type QueueEvaluationResult,
  type QueueFailure,
} from './evaluate-on-queue.js';
export { decodeJobOptions, encodeJobOptions } from './job-options.js';
export { redisConnection } from './redis-url.js';
export { startWorker, type WorkerOptions } from './start-worker.js';
export { queueName, type UnitJobData } from './unit-job.js';
