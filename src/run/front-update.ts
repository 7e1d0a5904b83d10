import { dominates } from '../pareto/index.js';
import type { AppendOnlyList } from './append-only-list.js';
import type { MeasuredPoint } from './run-state.js';

/**
 * Evaluations that may appear on the front: succeeded at full fidelity (not pruned), have every
 * objective metric, and satisfy the constraints. (`paretoFront` falls back to failed or infeasible points when nothing else
 * exists, which suits a strategy; a display should rather say that nothing qualifies yet.)
 */
export function isEligible(point: MeasuredPoint): boolean {
  return point.feasible && point.full && point.losses.every(Number.isFinite);
}

/**
 * The front after adding `points.at(index)` to a set whose front was `front`. Every point off the
 * front is dominated by one on it (dominance is transitive), so the new point joins unless a
 * front member dominates it, and then evicts the members it dominates. Equal points do not
 * dominate each other and are all kept, as in `paretoFront`. O(|front| · objectives).
 */
export function updateFront(points: AppendOnlyList<MeasuredPoint>, front: readonly number[], index: number): readonly number[] {
  const point = points.at(index) as MeasuredPoint;
  if (!isEligible(point)) return front;
  const next: number[] = [];
  for (const i of front) {
    const member = (points.at(i) as MeasuredPoint).losses;
    if (dominates(member, point.losses)) return front;
    if (!dominates(point.losses, member)) next.push(i);
  }
  next.push(index);
  return next;
}

/** Per objective, the index of the eligible point with the smallest loss; the earlier point wins ties. */
export function updateBest(
  points: AppendOnlyList<MeasuredPoint>,
  best: readonly (number | undefined)[],
  index: number,
): readonly (number | undefined)[] {
  const point = points.at(index) as MeasuredPoint;
  if (!isEligible(point)) return best;
  let changed = false;
  const next = best.map((current, j) => {
    if (current !== undefined && !((point.losses[j] as number) < ((points.at(current) as MeasuredPoint).losses[j] as number))) return current;
    changed = true;
    return index;
  });
  return changed ? next : best;
}
