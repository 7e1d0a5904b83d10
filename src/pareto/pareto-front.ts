import { sortFronts, splitTiers } from './front-ranking.js';
import type { Point } from './points.js';

/**
 * Indices (ascending) of the non-dominated points, all objectives minimised.
 *
 * - Equal points do not dominate each other: duplicates on the front are all kept.
 * - A point with +Infinity (or NaN) in any objective is a failed evaluation. Failed points are
 *   considered only when no point succeeded; then the front is the non-dominated set of the failed
 *   points, +Infinity comparing like any number. So a strategy always gets a non-empty front from
 *   a non-empty history, and a failure never displaces a measured trade-off.
 * - -Infinity is an ordinary (unbeatable) value.
 * - With `violations` (one per point, 0 = feasible, see `constraintViolation`), Deb's rule
 *   applies: if any point is feasible the front is taken among feasible points only; otherwise it
 *   is every point sharing the smallest violation.
 *
 * Cost: O(N log N) in 2-D and 3-D (sort, then a sweep against a running minimum / a 2-D
 * staircase); for more objectives each point is checked against the front found so far
 * (Kung-style filter after a lexicographic sort), O(N log N + N·F·k) for a front of F points.
 */
export function paretoFront(points: readonly Point[], violations?: readonly number[]): number[] {
  const tiers = splitTiers(points, violations);
  if (tiers.succeeded.length > 0) return sortFronts(tiers.flat, tiers.d, tiers.succeeded, true)[0] ?? [];
  if (tiers.failed.length > 0) return sortFronts(tiers.flat, tiers.d, tiers.failed, true)[0] ?? [];
  return (tiers.infeasibleGroups[0] ?? []).slice().sort((a, b) => a - b);
}
