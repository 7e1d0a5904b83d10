import type { Point } from './points.js';

/**
 * `a` Pareto-dominates `b` (all objectives minimised): no worse in every objective and strictly
 * better in at least one. Equal points do not dominate each other. A NaN in either point makes
 * the comparison false, so NaN never dominates nor is dominated here (the front functions read
 * NaN as +Infinity instead, see `paretoFront`).
 */
export function dominates(a: Point, b: Point): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    if (!(x <= y)) return false;
    if (x < y) better = true;
  }
  return better;
}

/** `a` is no worse than `b` in every objective (equal points weakly dominate each other). */
export function weaklyDominates(a: Point, b: Point): boolean {
  for (let j = 0; j < a.length; j++) {
    if (!((a[j] as number) <= (b[j] as number))) return false;
  }
  return true;
}

/** A total constraint violation ≤ 0 means feasible; NaN counts as infeasible. */
export function isFeasibleViolation(violation: number): boolean {
  return violation <= 0;
}

/**
 * Deb's constrained dominance (Deb et al. 2002, NSGA-II, section VI): a feasible point beats an
 * infeasible one; of two infeasible points the one with the smaller total violation wins; two
 * feasible points compare by plain Pareto dominance. Violations are ≥ 0 with 0 = feasible
 * (see `constraintViolation`); NaN is read as +Infinity.
 */
export function constrainedDominates(a: Point, b: Point, violationA: number, violationB: number): boolean {
  const feasibleA = isFeasibleViolation(violationA);
  const feasibleB = isFeasibleViolation(violationB);
  if (feasibleA && feasibleB) return dominates(a, b);
  if (feasibleA !== feasibleB) return feasibleA;
  return orInfinity(violationA) < orInfinity(violationB);
}

function orInfinity(v: number): number {
  return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
}
