import type { Metrics } from '../core/index.js';

/**
 * A resource limit on one metric, e.g. `{ metric: 'flopsM', atMost: 100 }` or
 * `{ metric: 'accuracy', atLeast: 90 }`; both bounds together make a range.
 */
export interface MetricConstraint {
  readonly metric: string;
  readonly atMost?: number;
  readonly atLeast?: number;
}

/**
 * Total violation of the constraints by one candidate's metrics: 0 when all hold, otherwise the
 * sum over broken bounds of the excess relative to the bound (|excess| / |bound|, or the plain
 * excess for a bound of 0). Relative excess keeps limits in different units (MFLOPs, seconds,
 * parameter counts) comparable when Deb's rule ranks infeasible candidates by their sum.
 * A missing or non-finite metric violates infinitely: nothing is known to hold.
 */
export function constraintViolation(metrics: Metrics, constraints: readonly MetricConstraint[]): number {
  let total = 0;
  for (const c of constraints) {
    if (c.atMost === undefined && c.atLeast === undefined) continue;
    const value = metrics[c.metric];
    if (value === undefined || !Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    if (c.atMost !== undefined && value > c.atMost) total += relativeExcess(value - c.atMost, c.atMost);
    if (c.atLeast !== undefined && value < c.atLeast) total += relativeExcess(c.atLeast - value, c.atLeast);
  }
  return total;
}

/** All constraints hold. */
export function satisfiesConstraints(metrics: Metrics, constraints: readonly MetricConstraint[]): boolean {
  return constraintViolation(metrics, constraints) === 0;
}

function relativeExcess(excess: number, bound: number): number {
  return bound === 0 ? excess : excess / Math.abs(bound);
}
