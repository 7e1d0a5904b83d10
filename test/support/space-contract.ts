import { expect, it } from 'vitest';
import { InvalidInputError, Rng } from '../../src/core/index.js';
import type { Candidate } from '../../src/core/index.js';
import type { SearchSpace } from '../../src/space/index.js';

/** The contract every SearchSpace meets; call inside a describe() per space. */
export function spaceContract<C extends Candidate>(make: () => SearchSpace<C>): void {
  const space = make();

  it('samples the same candidates for the same seed', () => {
    const a = new Rng(11);
    const b = new Rng(11);
    for (let i = 0; i < 20; i++) expect(space.key(space.sample(a))).toBe(space.key(space.sample(b)));
  });

  it('round-trips candidates through JSON and parse()', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const c = space.sample(rng);
      const back = space.parse(JSON.parse(JSON.stringify(c)));
      expect(space.key(back)).toBe(space.key(c));
    }
  });

  it('rejects values that are not candidates with an InvalidInputError', () => {
    expect(() => space.parse(42)).toThrowError(InvalidInputError);
    expect(() => space.parse({ arch: {}, recipe: {} })).toThrowError(InvalidInputError);
  });

  it('mutates to a different candidate', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 50; i++) {
      const c = space.sample(rng);
      const m = space.mutate(c, rng);
      expect(space.key(m)).not.toBe(space.key(c));
      expect(space.key(space.parse(JSON.parse(JSON.stringify(m))))).toBe(space.key(m));
    }
  });

  it('crosses over into a valid candidate', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 20; i++) {
      const child = space.crossover(space.sample(rng), space.sample(rng), rng);
      expect(space.key(space.parse(JSON.parse(JSON.stringify(child))))).toBe(space.key(child));
    }
  });

  it('encodes into fixed-length finite features', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 20; i++) {
      const c = space.sample(rng);
      const a = space.encodeArch(c);
      const r = space.encodeRecipe(c);
      expect(a.length).toBe(space.archFeatureCount);
      expect(r.length).toBe(space.recipeFeatureCount);
      expect([...a, ...r].every(Number.isFinite)).toBe(true);
    }
  });

  it('reports every named free statistic as a finite number', () => {
    const rng = new Rng(5);
    const c = space.sample(rng);
    const stats = space.statistics(c);
    for (const name of space.statisticNames) expect(Number.isFinite(stats[name])).toBe(true);
  });

  it('grows complexity by one level per expansion, from the initial level', () => {
    const rng = new Rng(6);
    const [lo, hi] = space.complexityRange;
    const initial = space.initial(rng, 50);
    expect(initial.length).toBeGreaterThan(0);
    for (const c of initial) expect(space.complexity(c)).toBe(lo);
    let frontier = initial.slice(0, 2);
    for (let level = lo; level < Math.min(hi, lo + 3); level++) {
      const children = frontier.flatMap((c) => space.expand(c));
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) expect(space.complexity(child)).toBe(level + 1);
      frontier = children.slice(0, 2);
    }
  });
}
