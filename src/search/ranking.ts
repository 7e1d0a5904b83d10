import type { Candidate, Observation } from '../core/index.js';
import { crowdingDistance, nonDominatedSort } from '../pareto/index.js';

/**
 * The `k` best observations: by the single loss, or with several objectives by Pareto front and,
 * within a front, by crowding distance (NSGA-II order). Failed evaluations come last.
 */
export function bestObservations<C extends Candidate>(observations: readonly Observation<C>[], k: number): Observation<C>[] {
  if (observations.length === 0) return [];
  const d = observations[0]?.losses.length ?? 1;
  if (d === 1) {
    return observations
      .map((o, i) => ({ o, i }))
      .sort((a, b) => lossOrder(a.o.losses[0] as number, b.o.losses[0] as number) || a.i - b.i)
      .slice(0, k)
      .map((x) => x.o);
  }
  const points = observations.map((o) => o.losses.slice());
  const out: Observation<C>[] = [];
  for (const front of nonDominatedSort(points)) {
    const crowd = crowdingDistance(points, front);
    const ordered = front.map((i, j) => ({ i, c: crowd[j] as number })).sort((a, b) => b.c - a.c || a.i - b.i);
    for (const { i } of ordered) {
      if (out.length >= k) return out;
      out.push(observations[i] as Observation<C>);
    }
  }
  return out;
}

function lossOrder(a: number, b: number): number {
  if (a === b) return 0;
  if (!Number.isFinite(a)) return 1;
  if (!Number.isFinite(b)) return -1;
  return a - b;
}
