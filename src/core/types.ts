/** Values that survive JSON round-trips unchanged: candidates, metrics and events are made of these. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** One setting of a discrete dimension. */
export type Choice = string | number;

/**
 * An (architecture, training recipe) pair. Immutable by convention; the owning space's `key()`
 * gives its canonical string, which is how runs deduplicate candidates.
 */
export interface Candidate<A extends Json = Json, R extends Json = Json> {
  readonly arch: A;
  readonly recipe: R;
}

export type Metrics = Readonly<Record<string, number>>;

export type Direction = 'max' | 'min';

/** A metric the search optimises, with its direction. Flipped to "minimise" once, in the engine. */
export interface Objective {
  readonly metric: string;
  readonly direction: Direction;
}

/**
 * A limit on one metric, e.g. `{ metric: 'flopsM', max: 100 }`; both bounds together make a range.
 * The one shape of constraints everywhere: config files, strategies, Pareto math and reports.
 */
export interface Constraint {
  readonly metric: string;
  readonly max?: number;
  readonly min?: number;
}

/**
 * When a run ends: any limit reached ends it (at least one is set; the run config checks that).
 * The one shape of budgets: config files, the engine's tracker and strategies read this.
 */
export interface Budget {
  /** Number of evaluations. */
  readonly queries?: number;
  /** Cost in full-training equivalents (a 12-of-200-epoch NB201 query costs 0.06). */
  readonly cost?: number;
  /**
   * Wall-clock seconds of the run, summed over its sessions: a resumed run gets what its earlier
   * sessions left (the time between a crash and the resume does not count).
   */
  readonly seconds?: number;
}

/** One intermediate result of an evaluation in progress, e.g. after each training epoch. */
export interface IntermediateReport {
  /** Epochs (or other fidelity units) completed so far, counting from 1. */
  readonly epoch: number;
  /** Metrics measured at that point, e.g. `{ validAcc: 0.91 }`. */
  readonly metrics: Metrics;
}

/**
 * Where a pruner stopped an evaluation: its metrics are those after `epoch` of the `epochs` its
 * candidate asked for, a lower fidelity. Where the space has a fidelity level for that much
 * training the predictor fits it there (`atReachedFidelity`).
 */
export interface PrunedAt {
  readonly epoch: number;
  readonly epochs: number;
}

/** What an evaluator returns for one candidate. */
export interface Evaluation {
  /** Metrics a strategy may see (validation accuracy, FLOPs, training seconds, …). */
  readonly metrics: Metrics;
  /** Recorded in the journal and reports but never shown to a strategy (e.g. test accuracy). */
  readonly hiddenMetrics?: Metrics;
  /** Cost in full-training equivalents: a full-fidelity evaluation costs 1. */
  readonly cost: number;
  /** Wall or simulated seconds the evaluation took (simulated for tabular benchmarks). */
  readonly seconds: number;
  /** Set when the evaluation failed (diverged, crashed); metrics may then be empty. */
  readonly failure?: string;
  /** Set when a pruner stopped the evaluation early; fronts leave it out. */
  readonly pruned?: PrunedAt;
  /** The intermediate reports of a run with a pruner (its learning curve), in epoch order. */
  readonly curve?: readonly IntermediateReport[];
  /** Free-form provenance: backend, worker, repetition index, … */
  readonly info?: Readonly<Record<string, Json>>;
}

/** A measured candidate as strategies see it: objectives already turned into minimised values. */
export interface Observation<C extends Candidate = Candidate> {
  readonly id: number;
  readonly candidate: C;
  readonly key: string;
  readonly metrics: Metrics;
  /** One value per run objective, all to be minimised; +Infinity for failed evaluations. */
  readonly losses: readonly number[];
  readonly cost: number;
  readonly failed: boolean;
  /** Stopped early by the run's pruner. */
  readonly pruned?: PrunedAt;
}

/** Turns metrics into minimised objective values; missing or non-finite values become +Infinity. */
export function toLosses(metrics: Metrics, objectives: readonly Objective[]): number[] {
  return objectives.map((o) => {
    const v = metrics[o.metric];
    if (v === undefined || !Number.isFinite(v)) return Number.POSITIVE_INFINITY;
    return o.direction === 'max' ? -v : v;
  });
}

/** Inverse of `toLosses` for one objective. */
export function fromLoss(loss: number, objective: Objective): number {
  return objective.direction === 'max' ? -loss : loss;
}
