import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { hypervolume, hypervolumeRatio, idealPoint, nadirPoint, normalise } from '../../src/pareto/index.js';
import { spherePoints } from './reference.js';
import { dataFile } from '../../src/data/index.js';

function lomonasTestFront(): number[][] {
  const file = dataFile('nb201/nb201_cifar10_pareto_front_lomonas.json', 'See /work/shared/data/nb201/README.md.');
  const fronts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { points: number[][] }>;
  return fronts['TestAcc_FLOPs_CIFAR-10']?.points ?? [];
}

describe('idealPoint and nadirPoint', () => {
  it('take the best and worst values over the Pareto front only', () => {
    const points = [[1, 5, 2], [3, 1, 3], [2, 2, 1], [9, 9, 9], [Infinity, 0, 0]];
    expect(idealPoint(points)).toEqual([1, 1, 1]);
    expect(nadirPoint(points)).toEqual([3, 5, 3]);
  });

  it('reject an empty set', () => {
    expect(() => idealPoint([])).toThrow('idealPoint needs at least one point, but got none');
  });
});

describe('normalise', () => {
  it('maps ideal to 0 and nadir to 1, shifting objectives without range', () => {
    expect(normalise([[2, 10, 5], [4, 30, 7]], [2, 10, 5], [4, 30, 5])).toEqual([[0, 0, 0], [1, 1, 2]]);
  });

  it('rejects non-finite or inverted ideal/nadir', () => {
    expect(() => normalise([[0, 0]], [0, 1], [1, 0])).toThrow(
      'ideal[1] and nadir[1] must be finite with ideal ≤ nadir, but got 1 and 0',
    );
    expect(() => normalise([[0, 0]], [0, -Infinity], [1, 0])).toThrow('ideal[1] and nadir[1] must be finite');
  });
});

describe('hypervolumeRatio', () => {
  it('matches a hand case', () => {
    const trueFront = [[0, 10], [5, 5], [10, 0]];
    // Normalised: (0,1), (0.5,0.5), (1,0), reference (1,1): only the middle point counts, 0.25.
    expect(hypervolumeRatio(trueFront, trueFront)).toBe(1);
    expect(hypervolumeRatio([[7.5, 7.5]], trueFront)).toBe(0.0625 / 0.25);
    expect(hypervolumeRatio([[5, 5], [11, -1], [Infinity, 0]], trueFront)).toBe(1);
    expect(hypervolumeRatio([[2.5, 2.5]], trueFront)).toBe(0.5625 / 0.25);
  });

  it('is 1 for the NB201 reference front itself and below 1 for subsets and worse fronts', () => {
    const front = lomonasTestFront();
    expect(hypervolumeRatio(front, front)).toBeCloseTo(1, 14);
    expect(hypervolumeRatio([...front].reverse(), front)).toBeCloseTo(1, 14);
    for (let drop = 1; drop < front.length - 1; drop++) {
      const subset = front.filter((_, i) => i !== drop);
      expect(hypervolumeRatio(subset, front)).toBeLessThan(1);
    }
    const worse = front.map(([err, flops]) => [(err as number) + 0.5, (flops as number) * 1.1]);
    const ratio = hypervolumeRatio(worse, front);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  });

  it('agrees with normalising by hand in 3-D and decreases as points are removed', () => {
    const front = spherePoints(new Rng('ratio'), 40, 3).map((p) => [p[0]! * 10, p[1]! * 100 + 5, p[2]!]);
    const ideal = idealPoint(front);
    const nadir = nadirPoint(front);
    const byHand =
      hypervolume(normalise(front.slice(0, 20), ideal, nadir), [1, 1, 1]) / hypervolume(normalise(front, ideal, nadir), [1, 1, 1]);
    expect(hypervolumeRatio(front.slice(0, 20), front)).toBeCloseTo(byHand, 14);
    expect(hypervolumeRatio(front.slice(0, 10), front)).toBeLessThanOrEqual(hypervolumeRatio(front.slice(0, 20), front));
  });

  it('refuses a true front with no volume at reference = nadir, unless given an offset', () => {
    const twoPoints = [[0, 1], [1, 0]];
    expect(() => hypervolumeRatio(twoPoints, twoPoints)).toThrow(/trueFront must have a positive hypervolume/);
    expect(hypervolumeRatio([[0, 1]], twoPoints, { referenceOffset: 0.1 })).toBeCloseTo(0.11 / (1.21 - 1), 12);
  });
});
