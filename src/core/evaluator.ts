import type { Rng } from './rng.js';
import type { Candidate, Evaluation, IntermediateReport } from './types.js';

/** A pruner's answer to an intermediate report: go on, or stop this evaluation now. */
export type PruneDecision = 'continue' | 'prune';

export interface EvaluateContext {
  /** Seeded per evaluation by the engine: benchmark repetition picks, data shuffles, weight init. */
  readonly rng: Rng;
  /** Aborted when the run stops; long evaluations should give up promptly. */
  readonly signal?: AbortSignal;
  /** The candidate's id in the run's journal (set by the engine; absent for one-off evaluations). */
  readonly candidateId?: number;
  /**
   * Set by the engine when the run has evaluated this candidate (the same key) before: `index`
   * counts the earlier evaluations, `firstId` is the first one's id and `firstRng` a fresh copy
   * of its stream. A benchmark with several recorded training runs shows a re-query another run
   * (`pickRepetition`), so a mean over re-queries means something.
   */
  readonly repeat?: { readonly index: number; readonly firstId: number; readonly firstRng: Rng };
  /**
   * Evaluators that learn in steps call this after each one. On `prune` they stop and return the
   * metrics reached so far with `pruned` set and the cost of the epochs actually run.
   */
  readonly report?: (progress: IntermediateReport) => PruneDecision;
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
