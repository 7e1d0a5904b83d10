/**
 * Distributed evaluations over Redis with BullMQ. The run process (coordinator) keeps writing the
 * journal alone; `createQueueEvaluator` is an Evaluator that enqueues each evaluation as a job
 * named `<runId>/<candidateId>` and waits for its result; `runQueueWorker` runs jobs with a local
 * evaluator built from the job's `evaluatorConfig`. Delivery is at least once (stalled jobs of dead
 * workers are re-run, jobs lost with an emptied Redis are re-added); each candidate is journalled once.
 */
export { createQueueEvaluator } from './queue-evaluator.js';
export type { QueueEvaluator, QueueEvaluatorOptions, QueueStatus } from './queue-evaluator.js';
export { runQueueWorker } from './queue-worker.js';
export type { QueueWorkerHandle, QueueWorkerOptions } from './queue-worker.js';
export type { QueueWorkerInfo } from './worker-registry.js';
export type { NoticeListener } from './connection-watch.js';
export { QUEUE_PREFIX, jobIdFor, queueNameForRun } from './job-protocol.js';
export type { QueueJobData } from './job-protocol.js';
export { parseRedisUrl, redact } from './redis-url.js';
export type { RedisAddress } from './redis-url.js';
