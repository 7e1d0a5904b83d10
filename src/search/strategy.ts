import type { Budget, Candidate, Constraint, Objective, Observation, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

/** What a strategy is built with. Strategies do no I/O: everything arrives here or through `tell`. */
export interface StrategyContext<C extends Candidate = Candidate> {
  readonly space: SearchSpace<C>;
  /** The run's objectives; observations carry them as minimised `losses` in this order. */
  readonly objectives: readonly Objective[];
  readonly rng: Rng;
  /** Strategy-specific settings (validated by the strategy). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Resource constraints (e.g. flopsM ≤ 100): candidates outside them are infeasible. */
  readonly constraints?: readonly Constraint[];
  /** The run's budget, when known: lets a strategy fit its phases into it (fbnetv3's stage 1). */
  readonly budget?: Budget;
}

/** A predictor fit, reported by the strategy and journaled by the engine as `predictor-fitted`. */
export interface PredictorFitReport {
  readonly samples: number;
  readonly seconds: number;
  /** e.g. kendallTau of the previous fit's predictions on the batch measured since. */
  readonly quality?: Readonly<Record<string, number>>;
}

/** A stage label for progress displays, e.g. "popnas level b=3" or "fbnetv3 stage 1, round 2/8". */
export interface StrategyProgress {
  readonly stage: string;
}

/**
 * Proposes candidates and learns from their measurements. Contract (checked by the shared
 * strategy test suite): proposals are valid candidates of the space, never one already proposed,
 * and the same seed with the same observations gives the same proposals.
 */
export interface Strategy<C extends Candidate = Candidate> {
  readonly name: string;
  /** Up to `n` new candidates; fewer (or none) when the strategy waits for results or the space is exhausted. */
  ask(n: number): Promise<C[]>;
  tell(observations: readonly Observation<C>[]): Promise<void> | void;
  progress?(): StrategyProgress;
  /**
   * Predicted objective values (metric units, objective order) of a candidate this strategy
   * proposed, if its predictor scored it; journaled with the proposal for displays.
   */
  predicted?(candidate: C): readonly number[] | undefined;
  /** Predictor fits since the last call (the engine journals them after each `ask`). */
  takeFitReports?(): PredictorFitReport[];
}

export type StrategyFactory = <C extends Candidate>(context: StrategyContext<C>) => Strategy<C>;
