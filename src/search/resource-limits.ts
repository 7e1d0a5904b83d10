import type { Candidate, Constraint } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

/**
 * Whether a candidate meets the limits that can be checked before training: those on the space's
 * free statistics (FLOPs, params, …). Limits on measured metrics cannot be known in advance and
 * are left to the measured results.
 */
export function withinLimits<C extends Candidate>(space: SearchSpace<C>, limits: readonly Constraint[] | undefined, c: C): boolean {
  const checkable = (limits ?? []).filter((l) => space.statisticNames.includes(l.metric));
  if (checkable.length === 0) return true;
  const stats = space.statistics(c);
  return checkable.every((l) => {
    const v = stats[l.metric] as number;
    return (l.max === undefined || v <= l.max) && (l.min === undefined || v >= l.min);
  });
}
