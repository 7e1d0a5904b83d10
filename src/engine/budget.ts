import type { Budget, Evaluation } from '../core/index.js';


export class BudgetTracker {
  spentCost = 0;
  evaluated = 0;
  private readonly startedAt = performance.now();
  /** Seconds spent by the run's earlier sessions (from the journal, on resume). */
  private priorSeconds = 0;

  /**
   * `budget` comes validated from the run config (at least one limit, each positive);
   * `pausedSeconds` tells how long this session has been paused, which does not count.
   */
  constructor(readonly budget: Budget, private readonly pausedSeconds: () => number = () => 0) {}

  spend(evaluation: Evaluation): void {
    this.spentCost += evaluation.cost;
    this.evaluated++;
  }

  addPriorSeconds(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.priorSeconds += seconds;
  }

  /** Run time so far: earlier sessions plus this one, paused time left out. */
  elapsedSeconds(): number {
    return this.priorSeconds + (performance.now() - this.startedAt) / 1000 - this.pausedSeconds();
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
