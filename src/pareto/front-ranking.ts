import { InvalidInputError } from '../core/index.js';
import { Staircase } from './staircase.js';
import { compareRows, dimensionOf, flatten, isFailedAt, rowDominates, sortLexicographic, type Point } from './points.js';

/**
 * The points split into tiers that rank strictly one after another: feasible evaluations that
 * succeeded, feasible ones that failed (+Infinity/NaN somewhere), then infeasible ones grouped by
 * equal total violation, best first. Within the first two tiers plain dominance decides; each
 * infeasible group is one front (Deb's rule compares infeasible points by violation only).
 */
export interface Tiers {
  readonly flat: Float64Array;
  readonly d: number;
  readonly succeeded: number[];
  readonly failed: number[];
  readonly infeasibleGroups: number[][];
}

export function splitTiers(points: readonly Point[], violations: readonly number[] | undefined): Tiers {
  const d = dimensionOf(points);
  if (violations !== undefined && violations.length !== points.length) {
    throw new InvalidInputError(
      `violations must have one entry per point (${points.length}), but got ${violations.length}`,
    );
  }
  const flat = flatten(points, d);
  const succeeded: number[] = [];
  const failed: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const v = violations === undefined ? 0 : (violations[i] as number);
    if (!(v <= 0)) infeasible.push(i);
    else if (isFailedAt(flat, d, i)) failed.push(i);
    else succeeded.push(i);
  }
  const infeasibleGroups: number[][] = [];
  if (violations !== undefined && infeasible.length > 0) {
    const key = (i: number): number => {
      const v = violations[i] as number;
      return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
    };
    infeasible.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
    let group: number[] = [];
    for (const i of infeasible) {
      if (group.length > 0 && key(group[0] as number) !== key(i)) {
        infeasibleGroups.push(group);
        group = [];
      }
      group.push(i);
    }
    infeasibleGroups.push(group);
  }
  return { flat, d, succeeded, failed, infeasibleGroups };
}

/** Members of one front, asked whether any of them dominates a point seen later in the sweep. */
interface FrontMembers {
  dominates(i: number): boolean;
  add(i: number): void;
}

/**
 * The queries rely on the sweep order: every member is lexicographically smaller than the point
 * asked about and differs from it, so in 2-D "dominates" reduces to "has second objective ≤",
 * and in 3-D to 2-D weak dominance of the last two objectives.
 */
function frontMembers(flat: Float64Array, d: number): FrontMembers {
  if (d <= 1) {
    let any = false;
    return { dominates: () => d === 1 && any, add: () => void (any = true) };
  }
  if (d === 2) {
    let minY = Number.POSITIVE_INFINITY;
    let any = false;
    return {
      dominates: (i) => any && minY <= (flat[i * 2 + 1] as number),
      add: (i) => {
        any = true;
        minY = Math.min(minY, flat[i * 2 + 1] as number);
      },
    };
  }
  if (d === 3) {
    const stairs = new Staircase();
    return {
      dominates: (i) => stairs.weaklyDominates(flat[i * 3 + 1] as number, flat[i * 3 + 2] as number),
      add: (i) => stairs.insert(flat[i * 3 + 1] as number, flat[i * 3 + 2] as number),
    };
  }
  const members: number[] = [];
  return {
    // Recent members are nearest in sort order, so they are the likeliest to dominate.
    dominates: (i) => {
      for (let m = members.length - 1; m >= 0; m--) if (rowDominates(flat, d, members[m] as number, i)) return true;
      return false;
    },
    add: (i) => void members.push(i),
  };
}

/**
 * Non-dominated fronts of `indices` under plain dominance: a lexicographic sweep that puts each
 * point in the first front none of whose members dominates it, found by binary search because
 * "dominated by front k" implies "dominated by every earlier front" (Zhang et al. 2015, ENS-BS).
 * Equal points are adjacent after sorting and share a front. With `firstOnly`, only front 0 is
 * built. Fronts list indices in ascending order.
 */
export function sortFronts(flat: Float64Array, d: number, indices: readonly number[], firstOnly: boolean): number[][] {
  const order = sortLexicographic(flat, d, indices);
  const fronts: number[][] = [];
  const members: FrontMembers[] = [];
  let previous = -1;
  let previousFront = -1;
  for (const i of order) {
    let k: number;
    if (previous >= 0 && compareRows(flat, d, previous, i) === 0) {
      k = previousFront;
    } else {
      let lo = 0;
      let hi = firstOnly ? Math.min(1, members.length) : members.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((members[mid] as FrontMembers).dominates(i)) lo = mid + 1;
        else hi = mid;
      }
      k = firstOnly && lo > 0 ? -1 : lo;
      if (k === members.length) {
        members.push(frontMembers(flat, d));
        fronts.push([]);
      }
      if (k >= 0) (members[k] as FrontMembers).add(i);
    }
    if (k >= 0) (fronts[k] as number[]).push(i);
    previous = i;
    previousFront = k;
  }
  for (const front of fronts) front.sort((a, b) => a - b);
  return fronts;
}
