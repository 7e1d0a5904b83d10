import { InvalidInputError } from '../core/index.js';
import { weaklyDominates } from './dominance.js';
import { boxVolume, exactVolume, worse } from './hypervolume-exact.js';
import { checkLength, dimensionOf, type Point } from './points.js';

/**
 * Hypervolume (Lebesgue measure) of the region dominated by `points` and bounded by the
 * reference point `ref`, all objectives minimised. Only points strictly better than `ref` in
 * every objective count; the rest (including failed evaluations with +Infinity or NaN)
 * contribute nothing. A counted point with -Infinity, or a +Infinity in `ref`, gives Infinity.
 *
 * Exact in every dimension: 1-D and 2-D by a sweep (O(n log n)), 3-D by a sweep over the third
 * objective with an incrementally measured 2-D front (O(n log n) searches), 4-D and up by WFG
 * (exponential in the number of objectives in the worst case, fast for fronts of a few hundred
 * points in 4–6 objectives). Dominated and repeated points are allowed and change nothing.
 */
export function hypervolume(points: readonly Point[], ref: Point): number {
  const d = checkReference(points, ref);
  const inside = points.filter((p) => strictlyBetter(p, ref));
  if (inside.length === 0) return 0;
  if (inside.some(hasMinusInfinity) || ref.some((r) => r === Number.POSITIVE_INFINITY)) {
    return Number.POSITIVE_INFINITY;
  }
  return exactVolume(inside, d, ref);
}

/**
 * How much `candidate` would add to the hypervolume of `front`: the volume dominated by the
 * candidate and by no point of `front` (≥ 0; 0 when a front point weakly dominates it or it is not
 * strictly better than `ref`). Computed directly, not as a difference of two hypervolumes: the
 * candidate's box minus the volume of the front clipped to that box (its "limit set"), which is
 * one hypervolume of at most |front| points.
 */
export function hypervolumeImprovement(front: readonly Point[], candidate: Point, ref: Point): number {
  const d = checkReference(front, ref);
  checkLength(candidate, d, 'candidate');
  if (!strictlyBetter(candidate, ref)) return 0;
  const limits: number[][] = [];
  for (const q of front) {
    if (!strictlyBetter(q, ref)) continue;
    if (weaklyDominates(q, candidate)) return 0;
    limits.push(worse(candidate, q, d));
  }
  if (hasMinusInfinity(candidate) || ref.some((r) => r === Number.POSITIVE_INFINITY)) {
    return Number.POSITIVE_INFINITY;
  }
  // Rounding in box − overlap may leave a few ulps below zero.
  return Math.max(0, boxVolume(candidate, ref, d) - exactVolume(limits, d, ref));
}

/**
 * Exclusive contribution of `points[i]`: the hypervolume lost by removing it (0 for a dominated
 * point or one with an equal twin in the set).
 */
export function hypervolumeContribution(points: readonly Point[], i: number, ref: Point): number {
  if (!Number.isInteger(i) || i < 0 || i >= points.length) {
    throw new InvalidInputError(`i must be an integer in [0, ${points.length}), but got ${i}`);
  }
  const others = points.filter((_, k) => k !== i);
  return hypervolumeImprovement(others, points[i] as Point, ref);
}

/** The points' dimension, checked against the reference point's. */
export function checkReference(points: readonly Point[], ref: Point): number {
  if (ref.length === 0) throw new InvalidInputError('ref must have at least one objective, but got []');
  const d = points.length === 0 ? ref.length : dimensionOf(points);
  if (d !== ref.length) {
    throw new InvalidInputError(`ref must have ${d} objectives like the points, but got ${ref.length}`);
  }
  return d;
}

/** Strictly below the reference in every objective (false for NaN). */
export function strictlyBetter(p: Point, ref: Point): boolean {
  for (let j = 0; j < ref.length; j++) {
    if (!((p[j] as number) < (ref[j] as number))) return false;
  }
  return true;
}

function hasMinusInfinity(p: Point): boolean {
  return p.some((v) => v === Number.NEGATIVE_INFINITY);
}
