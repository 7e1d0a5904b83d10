import { InvalidInputError } from '../core/index.js';
import type { Evaluation } from '../core/index.js';

/** When a run ends: any limit reached ends it. At least one must be set. */
export interface Budget {
  /** Number of evaluations. */
  readonly queries?: number;
  /** Cost in full-training equivalents (a 12-of-200-epoch NB201 query costs 0.06). */
  readonly cost?: number;
  /** Wall-clock seconds of this session (a resumed run gets its own). */
  readonly seconds?: number;
}

export class BudgetTracker {
  spentCost = 0;
  evaluated = 0;
  private readonly startedAt = performance.now();

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

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /**
   * Whether another proposal may start with `inFlight` evaluations running. The cost of running
   * evaluations is unknown until they finish, so a cost budget can be overshot by them.
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
