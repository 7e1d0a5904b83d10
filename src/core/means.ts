import type { Candidate, Observation } from './types.js';

/** Per candidate key: the mean first loss of its successful full-fidelity evaluations. */
export interface MeanRecord<C extends Candidate> {
  readonly candidate: C;
  readonly key: string;
  readonly mean: number;
  readonly count: number;
}

/**
 * Observations grouped by candidate, ranked by their mean first loss (then by fewer evaluations,
 * then first seen): the candidate a noisy search names is the first one.
 */
export function meansByCandidate<C extends Candidate>(observations: readonly Observation<C>[], key: (c: C) => string): MeanRecord<C>[] {
  const groups = new Map<string, { candidate: C; sum: number; count: number; order: number }>();
  for (const o of observations) {
    const loss = o.losses[0] as number;
    if (o.failed || !Number.isFinite(loss)) continue;
    const k = key(o.candidate);
    const g = groups.get(k);
    if (g) {
      g.sum += loss;
      g.count++;
    } else groups.set(k, { candidate: o.candidate, sum: loss, count: 1, order: groups.size });
  }
  return [...groups.entries()]
    .map(([k, g]) => ({ candidate: g.candidate, key: k, mean: g.sum / g.count, count: g.count, order: g.order }))
    .sort((a, b) => a.mean - b.mean || a.count - b.count || a.order - b.order)
    .map(({ candidate, key: k, mean, count }) => ({ candidate, key: k, mean, count }));
}
