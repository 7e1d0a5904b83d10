export { SearchEngine, evaluationRng } from './engine.js';
export type { EngineObserver, EngineOptions, RunResult, StopReason } from './engine.js';
export { BudgetTracker } from './budget.js';
export type { Budget } from './budget.js';
export { runBenchmarkSweep, searchSpaceFor, incumbentReport, trueParetoFront, stat } from './benchmark-sweep.js';
export type { SweepOptions, SweepResult, CheckpointResult, Stat } from './benchmark-sweep.js';
export { buildRunParts, buildEngine, strategyFor, inSimulatedTime } from './build-run.js';
export type { RunParts, BuildEngineOptions } from './build-run.js';
export { trainerSpaceFor, trainerEvaluatorFor, withDataShape, TRAINER_SPACE_NAMES } from './trainer-parts.js';
