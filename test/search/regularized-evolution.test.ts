import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import { createRegularizedEvolution, tournamentWinner } from '../../src/search/index.js';
import { FcnetSpace } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';

describe('regularised evolution', () => {
  it('fills the population randomly, then mutates one dimension of a tournament winner', async () => {
    const space = new FcnetSpace();
    const rea = createRegularizedEvolution({ space, objectives: [{ metric: 'm', direction: 'min' }], rng: new Rng(1), options: { population: 4, sample: 2 } });
    const first = await rea.ask(4);
    const obs: Observation<ProductCandidate>[] = first.map((candidate, id) => ({
      id,
      candidate,
      key: space.key(candidate),
      metrics: { m: id },
      losses: [id],
      cost: 1,
      failed: false,
    }));
    rea.tell(obs);
    for (let i = 0; i < 20; i++) {
      const [child] = await rea.ask(1);
      const diffs = first.map((p) => space.dimensions.filter((d) => space.valueOf(p, d) !== space.valueOf(child!, d)).length);
      // a child of a current member differs from its parent in exactly one dimension
      expect(Math.min(...diffs)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects a tournament larger than the population', () => {
    expect(() =>
      createRegularizedEvolution({ space: new FcnetSpace(), objectives: [], rng: new Rng(1), options: { population: 2, sample: 3 } }),
    ).toThrowError('rea.sample must be at most rea.population (2), but got 3');
  });

  it('picks the lowest loss, or a non-dominated entrant with several objectives', () => {
    const rng = new Rng(2);
    expect(tournamentWinner([3, 1, 2], (x) => [x], rng)).toBe(1);
    const entrants = [
      [1, 5],
      [2, 2],
      [3, 3],
    ];
    for (let i = 0; i < 20; i++) expect(tournamentWinner(entrants, (x) => x, rng)).not.toEqual([3, 3]);
  });
});
