import { sortFronts, splitTiers } from './front-ranking.js';
import type { Point } from './points.js';

/**
 * Non-dominated sorting (NSGA-II ranks): front 0 is `paretoFront(points, violations)`, front k
 * holds the points dominated only by points of fronts < k. Every index appears in exactly one
 * front; each front lists indices in ascending order.
 *
 * Tiers rank strictly after one another: succeeded feasible points, then failed feasible points
 * (+Infinity/NaN in some objective, sorted among themselves), then infeasible points in fronts of
 * equal total violation, smallest first (Deb's rule). Equal points share a front.
 *
 * Cost: a lexicographic sort, then each point goes to its front by binary search over the fronts
 * (ENS-BS, Zhang et al. 2015, IEEE TEVC 19(2)). The "is it dominated by front k" query is
 * O(1) in 2-D, O(log F) in 3-D (a staircase per front) and O(F·k) beyond, so 2-D and 3-D take
 * O(N log N) (times log of the number of fronts) and k-D at worst O(k·N²), with O(N) memory,
 * where Deb's fast non-dominated sort always needs O(k·N²) time and O(N²) memory.
 */
export function nonDominatedSort(points: readonly Point[], violations?: readonly number[]): number[][] {
  const tiers = splitTiers(points, violations);
  const fronts = sortFronts(tiers.flat, tiers.d, tiers.succeeded, false);
  fronts.push(...sortFronts(tiers.flat, tiers.d, tiers.failed, false));
  for (const group of tiers.infeasibleGroups) fronts.push(group.slice().sort((a, b) => a - b));
  return fronts;
}

/** Rank (front number) of every point: the inverse of `nonDominatedSort`. */
export function paretoRanks(points: readonly Point[], violations?: readonly number[]): number[] {
  const ranks = new Array<number>(points.length).fill(0);
  nonDominatedSort(points, violations).forEach((front, k) => {
    for (const i of front) ranks[i] = k;
  });
  return ranks;
}
