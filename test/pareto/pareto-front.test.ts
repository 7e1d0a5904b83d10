import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, Rng } from '../../src/core/index.js';
import { dominates, paretoFront } from '../../src/pareto/index.js';
import { bruteFront, integerPoints, spherePoints, uniformPoints } from './reference.js';
import { dataFile } from '../../src/data/index.js';

describe('paretoFront', () => {
  it('finds a hand-made front and keeps duplicates on it', () => {
    const points = [
      [3, 1],
      [1, 3],
      [2, 2],
      [2, 3], // dominated by [2,2]
      [2, 2], // duplicate of a front point
      [3, 3],
      [1, 4], // dominated by [1,3]
    ];
    expect(paretoFront(points)).toEqual([0, 1, 2, 4]);
  });

  it('handles the empty set, one point and all-equal points', () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([[5, 5, 5]])).toEqual([0]);
    expect(paretoFront([[1, 2], [1, 2], [1, 2]])).toEqual([0, 1, 2]);
    expect(paretoFront([[3], [1], [2], [1]])).toEqual([1, 3]);
  });

  it('lets failed evaluations (+Infinity, NaN) onto the front only when nothing succeeded', () => {
    expect(paretoFront([[0, Infinity], [5, 5], [NaN, 0], [6, 4]])).toEqual([1, 3]);
    expect(paretoFront([[0, Infinity], [1, Infinity], [Infinity, 0], [NaN, NaN]])).toEqual([0, 2]);
  });

  it('treats -Infinity as an unbeatable value', () => {
    expect(paretoFront([[-Infinity, 5], [0, 0], [1, 5]])).toEqual([0, 1]);
  });

  it('applies Deb\'s rule with violations', () => {
    const points = [[0, 0], [5, 5], [4, 6], [6, 6]];
    expect(paretoFront(points, [1, 0, 0, 0])).toEqual([1, 2]);
    expect(paretoFront(points, [3, 2, 2, 5])).toEqual([1, 2]);
  });

  it('rejects points of different lengths and a wrong number of violations', () => {
    expect(() => paretoFront([[1, 2], [1, 2, 3]])).toThrow(
      new InvalidInputError('points[1] must have 2 objectives like points[0], but got 3'),
    );
    expect(() => paretoFront([[1, 2]], [0, 0])).toThrow('violations must have one entry per point (1), but got 2');
  });

  for (const d of [1, 2, 3, 4, 5]) {
    it(`matches brute force on random ${d}-D sets with ties, duplicates and failures`, () => {
      const rng = new Rng(`front-${d}`);
      for (let trial = 0; trial < 40; trial++) {
        const n = 1 + rng.int(120);
        const points = trial % 2 === 0 ? integerPoints(rng, n, d, 2 + rng.int(6)) : uniformPoints(rng, n, d);
        if (trial % 4 === 1) for (let k = 0; k < 5; k++) (points[rng.int(n)] as number[])[rng.int(d)] = Infinity;
        if (trial % 8 === 3) for (let k = 0; k < 3; k++) (points[rng.int(n)] as number[])[rng.int(d)] = NaN;
        const violations = trial % 5 === 2 ? points.map(() => (rng.bernoulli(0.5) ? 0 : rng.int(3))) : undefined;
        expect(paretoFront(points, violations)).toEqual(bruteFront(points, violations));
      }
    });
  }

  it('keeps every point of a set that is already a front (3-D and 4-D)', () => {
    const rng = new Rng('sphere');
    for (const d of [2, 3, 4]) {
      const points = spherePoints(rng, 300, d);
      expect(paretoFront(points)).toHaveLength(300);
    }
  });

  it('does not depend on the order of the points', () => {
    const rng = new Rng('order');
    for (const d of [2, 3, 4]) {
      const points = integerPoints(rng, 200, d, 6);
      const order = rng.shuffle(points.map((_, i) => i));
      const shuffled = order.map((i) => points[i] as number[]);
      const back = paretoFront(shuffled).map((k) => order[k] as number).sort((a, b) => a - b);
      expect(back).toEqual(paretoFront(points));
    }
  });

  it('accepts the NAS-Bench-201 CIFAR-10 reference fronts (LOMONAS) as their own fronts', () => {
    const file = dataFile('nb201/nb201_cifar10_pareto_front_lomonas.json', 'See /work/shared/data/nb201/README.md.');
    const fronts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { points: number[][] }>;
    const testFront = fronts['TestAcc_FLOPs_CIFAR-10']?.points ?? [];
    expect(testFront).toHaveLength(14);
    for (const { points } of Object.values(fronts)) {
      expect(paretoFront(points)).toEqual(points.map((_, i) => i));
      for (const a of points) for (const b of points) expect(dominates(a, b)).toBe(false);
    }
  });
});
