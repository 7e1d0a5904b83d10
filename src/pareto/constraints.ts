import type { Constraint, Metrics } from '../core/index.js';

/**
 * Total violation of the constraints by one candidate's metrics: 0 when all hold, otherwise the
 * sum over broken bounds of the excess relative to the bound (|excess| / |bound|, or the plain
 * excess for a bound of 0). Relative excess keeps limits in different units (MFLOPs, seconds,
 * parameter counts) comparable when Deb's rule ranks infeasible candidates by their sum.
 * A missing or non-finite metric violates infinitely: nothing is known to hold.
 */
export function constraintViolation(metrics: Metrics, constraints: readonly Constraint[]): number {
  let total = 0;
  for (const c of constraints) {
    if (c.max === undefined && c.min === undefined) continue;
    const value = metrics[c.metric];
    if (value === undefined || !Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    if (c.max !== undefined && value > c.max) total += relativeExcess(value - c.max, c.max);
    if (c.min !== undefined && value < c.min) total += relativeExcess(c.min - value, c.min);
  }
  return total;
}

/** All constraints hold. */
export function satisfiesConstraints(metrics: Metrics, constraints: readonly Constraint[]): boolean {
  return constraintViolation(metrics, constraints) === 0;
}

function relativeExcess(excess: number, bound: number): number {
  return bound === 0 ? excess : excess / Math.abs(bound);
}

/** A constraint as people write it: `flopsM ≤ 100`, `paramsM ≥ 0.5, paramsM ≤ 2`. */
export function formatConstraint(c: Constraint): string {
  return [c.min !== undefined ? `${c.metric} ≥ ${c.min}` : '', c.max !== undefined ? `${c.metric} ≤ ${c.max}` : ''].filter(Boolean).join(', ');
}
