import { InvalidInputError } from '../core/index.js';
import { dimensionOf, type Point } from './points.js';

/**
 * NSGA-II crowding distance (Deb et al. 2002) of the points `indices` (usually one front):
 * for each objective, sort the points by it; the two extremes get Infinity, each other point adds
 * the gap between its neighbours divided by the objective's range. Returned in the order of
 * `indices`; larger = more isolated.
 *
 * Choices where the paper is silent:
 * - An objective on which all the points are equal has no extremes and adds nothing (otherwise
 *   it would hand Infinity to whichever points the sort happened to put first and last).
 * - Ties are broken by position in `indices`, so the result is deterministic.
 * - With infinite values (failed evaluations) the range is taken over the finite values, and a
 *   gap to an infinite neighbour is infinite.
 * - One or two points are all extremes: Infinity.
 */
export function crowdingDistance(points: readonly Point[], indices: readonly number[]): number[] {
  const d = dimensionOf(points);
  const n = indices.length;
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= points.length) {
      throw new InvalidInputError(`indices must be integers in [0, ${points.length}), but got ${i}`);
    }
  }
  const distance = new Array<number>(n).fill(0);
  if (n <= 2) return distance.fill(Number.POSITIVE_INFINITY);
  const positions = Array.from({ length: n }, (_, k) => k);
  for (let j = 0; j < d; j++) {
    const value = (k: number): number => {
      const v = (points[indices[k] as number] as Point)[j] as number;
      return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
    };
    const order = positions.slice().sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
    const low = value(order[0] as number);
    const high = value(order[n - 1] as number);
    if (low === high) continue;
    let range = high - low;
    if (!Number.isFinite(range)) range = finiteRange(order.map(value));
    distance[order[0] as number] = Number.POSITIVE_INFINITY;
    distance[order[n - 1] as number] = Number.POSITIVE_INFINITY;
    for (let r = 1; r < n - 1; r++) {
      const next = value(order[r + 1] as number);
      const prev = value(order[r - 1] as number);
      const gap = next === prev ? 0 : next - prev;
      const k = order[r] as number;
      distance[k] = (distance[k] as number) + (Number.isFinite(gap) ? gap / range : Number.POSITIVE_INFINITY);
    }
  }
  return distance;
}

/** Max − min over the finite values, or 1 when fewer than two distinct finite values exist. */
function finiteRange(values: readonly number[]): number {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return high > low ? high - low : 1;
}
