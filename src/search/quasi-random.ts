import type { Candidate, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { SobolSequence } from './sobol.js';

/** Spaces that map points of the unit cube to candidates (product spaces do). */
interface UnitMappable<C> {
  fromUnit(u: readonly number[]): C;
}

function canMapUnit<C extends Candidate>(space: SearchSpace<C>): space is SearchSpace<C> & UnitMappable<C> {
  return typeof (space as Partial<UnitMappable<C>>).fromUnit === 'function' && space.dimensions !== undefined;
}

/**
 * Quasi-random candidates: successive Sobol points mapped through the space's `fromUnit`, so
 * every dimension's values are covered evenly from the first few draws; spaces without a unit-cube
 * map fall back to uniform samples.
 */
export class QuasiRandomSampler<C extends Candidate> {
  private readonly sobol: SobolSequence | undefined;

  /** `keyOf`: what makes two draws the same (default the space's key; a strategy may pass `ProposalSet.keyOf`). */
  constructor(
    private readonly space: SearchSpace<C>,
    private readonly rng: Rng,
    private readonly keyOf: (candidate: C) => string = (c) => space.key(c),
  ) {
    this.sobol = canMapUnit(space) ? new SobolSequence(space.dimensions?.length ?? 0, rng.fork('sobol')) : undefined;
  }

  next(): C {
    const space = this.space;
    if (this.sobol && canMapUnit(space)) return space.fromUnit(this.sobol.next());
    return space.sample(this.rng);
  }

  /**
   * Up to `n` distinct candidates accepted by `accept` (after `map`), drawing at most `n·tries`
   * points.
   */
  draw(n: number, accept: (c: C) => boolean, map: (c: C) => C = (c) => c, tries = 20): C[] {
    const out: C[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < n * tries && out.length < n; i++) {
      const c = map(this.next());
      const k = this.keyOf(c);
      if (keys.has(k) || !accept(c)) continue;
      keys.add(k);
      out.push(c);
    }
    return out;
  }
}
