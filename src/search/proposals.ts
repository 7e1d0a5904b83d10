import type { Candidate, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

/**
 * Keys a strategy has proposed, so it never proposes a candidate twice. With `byFunction`, two
 * candidates that train the same function (`SearchSpace.equivalenceKey`) count as one: a
 * model-based strategy learns nothing from measuring the second.
 */
export class ProposalSet<C extends Candidate> {
  private readonly keys = new Set<string>();
  /** The string this set compares candidates by. */
  readonly keyOf: (candidate: C) => string;

  constructor(space: SearchSpace<C>, options: { readonly byFunction?: boolean } = {}) {
    const equivalent = options.byFunction ? space.equivalenceKey?.bind(space) : undefined;
    this.keyOf = equivalent ?? ((c) => space.key(c));
  }

  has(candidate: C): boolean {
    return this.keys.has(this.keyOf(candidate));
  }

  /** Records the candidate; false if it was proposed before. */
  add(candidate: C): boolean {
    const key = this.keyOf(candidate);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }

  /** The first of each group of candidates this set counts as one, in order (none is recorded). */
  distinct(candidates: readonly C[]): C[] {
    const keys = new Set<string>();
    return candidates.filter((c) => {
      const k = this.keyOf(c);
      if (keys.has(k)) return false;
      keys.add(k);
      return true;
    });
  }

  get size(): number {
    return this.keys.size;
  }
}

/**
 * Draws until `make` yields a not-yet-proposed candidate (at most `tries` draws), records and
 * returns it; undefined when none was found (a small or nearly exhausted space).
 */
export function proposeNew<C extends Candidate>(
  seen: ProposalSet<C>,
  make: () => C,
  tries = 1000,
): C | undefined {
  for (let i = 0; i < tries; i++) {
    const c = make();
    if (seen.add(c)) return c;
  }
  return undefined;
}

/** A uniformly random candidate not proposed before. */
export function sampleNew<C extends Candidate>(space: SearchSpace<C>, seen: ProposalSet<C>, rng: Rng): C | undefined {
  return proposeNew(seen, () => space.sample(rng));
}
