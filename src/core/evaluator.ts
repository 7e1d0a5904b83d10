import type { Rng } from './rng.js';
import type { Candidate, Evaluation } from './types.js';

export interface EvaluateContext {
  /** Seeded per evaluation by the engine: benchmark repetition picks, data shuffles, weight init. */
  readonly rng: Rng;
  /** Aborted when the run stops; long evaluations should give up promptly. */
  readonly signal?: AbortSignal;
}

/**
 * Measures candidates: the real trainer, a tabular benchmark, or a user's command. The engine
 * treats a worker pool of evaluators as one Evaluator.
 */
export interface Evaluator<C extends Candidate = Candidate> {
  readonly name: string;
  /** Metric names `evaluate` reports to strategies, e.g. validAcc, flopsM, trainSeconds. */
  readonly metricNames: readonly string[];
  evaluate(candidate: C, context: EvaluateContext): Promise<Evaluation>;
  /** How many evaluations may run at once (a worker pool's size); default 1. */
  readonly concurrency?: number;
  /**
   * The cost (full-training equivalents) an evaluation of `candidate` will report, when it is known
   * before running (tabular benchmarks): the engine then never starts one a cost budget cannot pay.
   */
  costOf?(candidate: C): number;
  close?(): Promise<void>;
}
