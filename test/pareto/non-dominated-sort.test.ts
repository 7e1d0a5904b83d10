import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { dominates, nonDominatedSort, paretoFront, paretoRanks } from '../../src/pareto/index.js';
import { bruteSort, integerPoints, uniformPoints } from './reference.js';

describe('nonDominatedSort', () => {
  it('sorts a hand-made 2-D set', () => {
    const points = [
      [1, 1], // 0: front 0
      [2, 2], // 1: front 1
      [1, 3], // 2: front 1 (dominated by 0 only)
      [3, 3], // 3: front 2
      [2, 2], // 4: duplicate of 1
      [0, 5], // 5: front 0
    ];
    expect(nonDominatedSort(points)).toEqual([[0, 5], [1, 2, 4], [3]]);
    expect(paretoRanks(points)).toEqual([0, 1, 1, 2, 1, 0]);
  });

  it('puts failed evaluations after every succeeded one, and infeasible ones by violation last', () => {
    const points = [[5, 5], [0, Infinity], [1, Infinity], [0, 0], [9, 9], [6, 6]];
    expect(nonDominatedSort(points)).toEqual([[3], [0], [5], [4], [1], [2]]);
    expect(nonDominatedSort(points, [0, 0, 0, 2, 1, 2])).toEqual([[0], [1], [2], [4], [3, 5]]);
  });

  it('returns no fronts for no points', () => {
    expect(nonDominatedSort([])).toEqual([]);
  });

  for (const d of [1, 2, 3, 4, 6]) {
    it(`matches front peeling on random ${d}-D sets with ties, duplicates, failures, violations`, () => {
      const rng = new Rng(`nds-${d}`);
      for (let trial = 0; trial < 25; trial++) {
        const n = 1 + rng.int(90);
        const points = trial % 2 === 0 ? integerPoints(rng, n, d, 2 + rng.int(5)) : uniformPoints(rng, n, d);
        if (trial % 3 === 1) for (let k = 0; k < 4; k++) (points[rng.int(n)] as number[])[rng.int(d)] = Infinity;
        const violations = trial % 4 === 3 ? points.map(() => (rng.bernoulli(0.6) ? 0 : rng.int(3))) : undefined;
        const fronts = nonDominatedSort(points, violations);
        expect(fronts).toEqual(bruteSort(points, violations));
        expect(fronts[0]).toEqual(paretoFront(points, violations));
      }
    });
  }

  it('gives NSGA-II ranks: dominated by the previous front, by nothing in its own or later fronts', () => {
    const rng = new Rng('nds-invariants');
    for (const d of [2, 3, 5]) {
      const points = integerPoints(rng, 300, d, 8);
      const fronts = nonDominatedSort(points);
      expect(fronts.flat().sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
      fronts.forEach((front, k) => {
        const laterOrSame = fronts.slice(k).flat();
        for (const i of front) {
          const p = points[i] as number[];
          if (k > 0) expect((fronts[k - 1] as number[]).some((j) => dominates(points[j] as number[], p))).toBe(true);
          expect(laterOrSame.some((j) => dominates(points[j] as number[], p))).toBe(false);
        }
      });
    }
  });
});
