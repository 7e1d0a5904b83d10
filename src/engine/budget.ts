import { InvalidInputError } from '../core/index.js';
import type { Evaluation } from '../core/index.js';

/** When a run ends: any limit reached ends it. At least one must be set. */
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

export class BudgetTracker {
  spentCost = 0;
  evaluated = 0;
  private readonly startedAt = performance.now();
  /** Seconds spent by the run's earlier sessions (from the journal, on resume). */
  private priorSeconds = 0;

  constructor(readonly budget: Budget) {
    const { queries, cost, seconds } = budget;
    if (queries === undefined && cost === undefined && seconds === undefined) {
      throw new InvalidInputError('budget needs at least one of queries, cost or seconds');
    }
    for (const [field, v] of Object.entries(budget)) {
      if (v !== undefined && !(typeof v === 'number' && v > 0)) {
        throw new InvalidInputError(`budget.${field} must be a positive number, but got ${String(v)}`);
      }
    }
  }

  spend(evaluation: Evaluation): void {
    this.spentCost += evaluation.cost;
    this.evaluated++;
  }

  addPriorSeconds(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.priorSeconds += seconds;
  }

  /** Run time so far: earlier sessions plus this one. */
  elapsedSeconds(): number {
    return this.priorSeconds + (performance.now() - this.startedAt) / 1000;
  }

  /**
   * Whether an evaluation of known cost `next` fits the cost budget on top of what is spent and
   * what the running evaluations (`inFlightCost`) will spend.
   */
  affords(next: number, inFlightCost: number): boolean {
    const { cost } = this.budget;
    return cost === undefined || this.spentCost + inFlightCost + next <= cost + 1e-9;
  }

  /** How many more evaluations may start with `inFlight` running (Infinity without a query budget). */
  remainingQueries(inFlight: number): number {
    const { queries } = this.budget;
    return queries === undefined ? Number.POSITIVE_INFINITY : Math.max(0, queries - this.evaluated - inFlight);
  }

  /**
   * Whether another proposal may start with `inFlight` evaluations running. Where the evaluator
   * cannot tell a cost in advance (the trainer), the last evaluations can overshoot a cost budget;
   * where it can (tabular benchmarks), the engine also checks `affords`.
   */
  mayPropose(inFlight: number): boolean {
    const { queries, cost, seconds } = this.budget;
    if (queries !== undefined && this.evaluated + inFlight >= queries) return false;
    if (cost !== undefined && this.spentCost >= cost) return false;
    if (seconds !== undefined && this.elapsedSeconds() >= seconds) return false;
    return true;
  }

  exhausted(): boolean {
    return !this.mayPropose(0);
  }
}
