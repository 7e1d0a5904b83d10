import type { Rng } from '../core/index.js';

/** a is no worse in every objective and better in one (all minimised). */
function dominatesLosses(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Tournament winner among `entrants`: with one objective the lowest loss; with several, one of
 * the entrants no other entrant dominates (chosen at random). Ties break at random.
 */
export function tournamentWinner<T>(entrants: readonly T[], losses: (t: T) => readonly number[], rng: Rng): T {
  const ls = entrants.map(losses);
  const undominated = entrants.filter((_, i) => !ls.some((other, j) => j !== i && dominatesLosses(other, ls[i] as number[])));
  const pool = undominated.length > 0 ? undominated : entrants;
  if ((ls[0]?.length ?? 1) === 1) {
    const best = Math.min(...pool.map((t) => losses(t)[0] as number));
    return rng.choice(pool.filter((t) => losses(t)[0] === best));
  }
  return rng.choice(pool);
}
