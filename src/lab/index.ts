/**
 * Experiment harnesses: strategies side by side over many seeds on tabular benchmarks
 * (`jars bench`), and predictor ranking quality against training-set size (`jars predictor eval`).
 * They drive the engine and the predictors; nothing in the search itself depends on them.
 */
export { runBenchmarkSweep, runSweepSeed, incumbentReport, stat } from './benchmark-sweep.js';
export type { SweepOptions, SweepResult, SweepRun, CheckpointResult, Stat } from './benchmark-sweep.js';
export { evaluatePredictors, defaultEvalMethods, lossTransform } from './predictor-evaluation.js';
export type { EvalMethod, EvalProgress, EvalSource, PredictorEvalOptions, PredictorEvalReport, PredictorEvalRow, Summary } from './predictor-evaluation.js';
export { formatPredictorEvalReport } from './format-predictor-report.js';
