/**
 * The setup layer: a run config (from flags or a file) → the run's parts. Evaluator kinds are
 * registered in `EVALUATOR_KINDS`; each lives in its own module under src/evaluators/.
 * Commands that only read runs (status, ls, trials, schema) import `run-config.js` and
 * `run-describe.js` directly: this index also loads the engine, the strategies and the queue.
 */
export type { EvaluatorKind, EvaluatorParts, EvaluatorFlag, BuildContext } from './evaluator-kind.js';
export { EVALUATOR_KINDS, EVALUATOR_KIND_NAMES, DEFAULT_EVALUATOR_KIND, evaluatorKind, kindOf } from './registry.js';
export type { EvaluatorKindName } from './registry.js';
export { runConfigSchema, parseRunConfig, describeZodError, runConfigJsonSchema } from './run-config.js';
export type { RunConfig, RunConfigInput, EvaluatorConfig } from './run-config.js';
export { buildRunParts, buildEngine, strategyFor } from './build-run.js';
export { prepareRunConfig, describeEvaluator, evaluatorLabel, evaluatorProvenance, recipeKindOf, runStateConfig } from './run-describe.js';
export type { RunParts, BuildEngineOptions, BuildPartsOptions } from './build-run.js';
export * from './flag-parsers.js';
export { jarsVersion } from './jars-version.js';
export { queuedRunParts, startQueueWorker, readQueueStatus, describeQueue, DEFAULT_QUEUE_NAME } from './distributed.js';
export type { WorkerSetup, QueueStatus, QueueWorkerHandle } from './distributed.js';
