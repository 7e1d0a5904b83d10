import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  hypervolume,
  hypervolumeContribution,
  hypervolumeImprovement,
  hypervolumeMonteCarlo,
} from '../../src/pareto/index.js';
import { cellCountVolume, inclusionExclusionVolume, integerPoints, spherePoints, uniformPoints } from './reference.js';

const unitVectors = (d: number): number[][] =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

describe('hypervolume: hand-computed cases', () => {
  it('1-D is the distance from the best point to the reference', () => {
    expect(hypervolume([[3], [1], [2]], [5])).toBe(4);
  });

  it('2-D unit square and a staircase', () => {
    expect(hypervolume([[0, 0]], [1, 1])).toBe(1);
    // Boxes from (1,3), (2,2), (3,1) to (4,4): columns of height 1, 2, 3.
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
  });

  it('3-D unit cube and the corner staircase', () => {
    expect(hypervolume([[0, 0, 0]], [1, 1, 1])).toBe(1);
    // Unit vectors with reference 2·1: the cube [0,2]³ minus the uncovered corner [0,1)³.
    expect(hypervolume(unitVectors(3), [2, 2, 2])).toBe(7);
    // Boxes to (3,3,3): a=(0,2,2) 3, b=(1,1,1) 8, c=(2,0,0) 9; overlaps a∨b=(1,2,2) 2,
    // a∨c=(2,2,2) 1, b∨c=(2,1,1) 4, a∨b∨c=(2,2,2) 1 → 3 + 8 + 9 − 2 − 1 − 4 + 1 = 14.
    expect(hypervolume([[0, 2, 2], [1, 1, 1], [2, 0, 0]], [3, 3, 3])).toBe(14);
  });

  it('4-D to 6-D corner staircases (2^d − 1) exercise WFG', () => {
    for (const d of [4, 5, 6]) expect(hypervolume(unitVectors(d), new Array(d).fill(2))).toBe(2 ** d - 1);
  });

  it('ignores points not strictly better than the reference, and failed points', () => {
    expect(hypervolume([[0, 1]], [1, 1])).toBe(0);
    expect(hypervolume([[0, 0], [0, 2], [Infinity, 0], [NaN, 0]], [1, 1])).toBe(1);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it('is unchanged by dominated and repeated points', () => {
    const base = [[1, 3, 2], [2, 2, 2], [3, 1, 1]];
    const padded = [...base, [2, 2, 2], [3, 3, 3], [1, 3, 2], [2.5, 2.5, 2.5]];
    expect(hypervolume(padded, [4, 4, 4])).toBe(hypervolume(base, [4, 4, 4]));
    const base4 = unitVectors(4);
    expect(hypervolume([...base4, ...base4, [1, 1, 1, 1]], [2, 2, 2, 2])).toBe(15);
  });

  it('is infinite with -Infinity in a counted point or +Infinity in the reference', () => {
    expect(hypervolume([[-Infinity, 0]], [1, 1])).toBe(Infinity);
    expect(hypervolume([[0, 0]], [Infinity, 1])).toBe(Infinity);
  });

  it('rejects a reference of the wrong length', () => {
    expect(() => hypervolume([[0, 0]], [1, 1, 1])).toThrow('ref must have 2 objectives like the points, but got 3');
    expect(() => hypervolume([], [])).toThrow('ref must have at least one objective, but got []');
  });
});

describe('hypervolume: cross-checks', () => {
  it('matches inclusion–exclusion on small random sets in 2-D to 6-D', () => {
    const rng = new Rng('hv-ie');
    for (const d of [2, 3, 4, 5, 6]) {
      for (let trial = 0; trial < 15; trial++) {
        const points = trial % 2 === 0 ? uniformPoints(rng, 1 + rng.int(10), d) : integerPoints(rng, 1 + rng.int(10), d, 4);
        const ref = new Array<number>(d).fill(trial % 2 === 0 ? 1.05 : 3.5);
        const exact = hypervolume(points, ref);
        expect(exact).toBeCloseTo(inclusionExclusionVolume(points, ref), 10);
      }
    }
  });

  it('matches unit-cell counting on larger integer sets in 2-D to 4-D', () => {
    const rng = new Rng('hv-cells');
    for (const [d, levels, n] of [[2, 40, 200], [3, 12, 150], [4, 6, 80]] as const) {
      for (let trial = 0; trial < 3; trial++) {
        const points = integerPoints(rng, n, d, levels);
        const ref = new Array<number>(d).fill(levels);
        expect(hypervolume(points, ref)).toBe(cellCountVolume(points, ref, 0));
      }
    }
  });

  for (const d of [2, 3, 4, 5]) {
    it(`agrees with Monte Carlo within 4 standard errors on ${d}-D fronts`, () => {
      const rng = new Rng(`hv-mc-${d}`);
      for (let trial = 0; trial < 3; trial++) {
        const points = trial === 0 ? uniformPoints(rng, 60, d) : spherePoints(rng, 25 + 25 * trial, d);
        const ref = new Array<number>(d).fill(1.1);
        const exact = hypervolume(points, ref);
        const mc = hypervolumeMonteCarlo(points, ref, 40_000, rng);
        expect(mc.standardError).toBeGreaterThan(0);
        expect(Math.abs(exact - mc.estimate)).toBeLessThan(4 * mc.standardError);
      }
    });
  }

  it('does not depend on the order of the points', () => {
    const rng = new Rng('hv-order');
    for (const d of [2, 3, 4, 5]) {
      const points = spherePoints(rng, 60, d);
      const ref = new Array<number>(d).fill(1);
      const volume = hypervolume(points, ref);
      for (let k = 0; k < 3; k++) {
        expect(hypervolume(rng.shuffle(points), ref)).toBeCloseTo(volume, 12);
      }
    }
  });
});

describe('hypervolumeImprovement and hypervolumeContribution', () => {
  it('match a hand case: the middle step of a staircase adds one unit cell', () => {
    const front = [[1, 3], [2, 2], [3, 1]];
    expect(hypervolumeContribution(front, 1, [4, 4])).toBe(1);
    expect(hypervolumeContribution(front, 0, [4, 4])).toBe(1);
    expect(hypervolumeImprovement([[1, 3], [3, 1]], [2, 2], [4, 4])).toBe(1);
    expect(hypervolumeImprovement(front, [0, 0], [4, 4])).toBe(16 - 6);
  });

  it('are zero for dominated, duplicated and out-of-reference candidates', () => {
    const front = [[1, 3, 1], [2, 2, 2]];
    expect(hypervolumeImprovement(front, [2, 3, 2], [4, 4, 4])).toBe(0);
    expect(hypervolumeImprovement(front, [2, 2, 2], [4, 4, 4])).toBe(0);
    expect(hypervolumeImprovement(front, [0, 0, 4], [4, 4, 4])).toBe(0);
    expect(hypervolumeContribution([...front, [2, 2, 2]], 1, [4, 4, 4])).toBe(0);
  });

  it('equal the difference of hypervolumes on random sets in 2-D to 5-D', () => {
    const rng = new Rng('hvi');
    for (const d of [2, 3, 4, 5]) {
      for (let trial = 0; trial < 10; trial++) {
        const front = trial % 2 === 0 ? spherePoints(rng, 30, d) : uniformPoints(rng, 30, d);
        const candidate = Array.from({ length: d }, () => rng.uniform(0, 1.1));
        const ref = new Array<number>(d).fill(1.05);
        const difference = hypervolume([...front, candidate], ref) - hypervolume(front, ref);
        expect(hypervolumeImprovement(front, candidate, ref)).toBeCloseTo(Math.max(0, difference), 10);
        const i = rng.int(front.length);
        const without = front.filter((_, k) => k !== i);
        expect(hypervolumeContribution(front, i, ref)).toBeCloseTo(hypervolume(front, ref) - hypervolume(without, ref), 10);
      }
    }
  });
});

describe('hypervolumeMonteCarlo', () => {
  it('is exact for a single box (every sample hits) and zero without counted points', () => {
    const rng = new Rng(1);
    expect(hypervolumeMonteCarlo([[0, 0, 0]], [1, 2, 3], 100, rng)).toEqual({ estimate: 6, standardError: 0, samples: 100 });
    expect(hypervolumeMonteCarlo([[5, 5]], [1, 1], 100, rng).estimate).toBe(0);
  });

  it('gives the same estimate for the same seed', () => {
    const points = [[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]];
    const a = hypervolumeMonteCarlo(points, [1, 1], 1000, new Rng('mc'));
    const b = hypervolumeMonteCarlo(points, [1, 1], 1000, new Rng('mc'));
    expect(a).toEqual(b);
  });

  it('rejects a non-positive sample count', () => {
    expect(() => hypervolumeMonteCarlo([[0, 0]], [1, 1], 0, new Rng(1))).toThrow(
      'samples must be a positive integer, but got 0',
    );
  });
});
