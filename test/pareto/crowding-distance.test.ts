import { describe, expect, it } from 'vitest';
import { crowdingDistance } from '../../src/pareto/index.js';

describe('crowdingDistance', () => {
  const front = [
    [0, 5],
    [1, 3],
    [3, 1],
    [4, 0],
  ];

  it('matches a hand computation', () => {
    // f0 range 4: p1 (3−0)/4 = 0.75, p2 (4−1)/4 = 0.75; f1 range 5: p1 (5−1)/5 = 0.8, p2 (3−0)/5 = 0.6.
    const d = crowdingDistance(front, [0, 1, 2, 3]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(1.55, 12);
    expect(d[2]).toBeCloseTo(1.35, 12);
  });

  it('answers in the order of the indices given and only looks at those points', () => {
    const withExtra = [...front, [100, 100]];
    const d = crowdingDistance(withExtra, [3, 0, 2, 1]);
    expect(d[0]).toBe(Infinity);
    expect(d[1]).toBe(Infinity);
    expect(d[2]).toBeCloseTo(1.35, 12);
    expect(d[3]).toBeCloseTo(1.55, 12);
  });

  it('gives Infinity to one or two points and [] to none', () => {
    expect(crowdingDistance(front, [])).toEqual([]);
    expect(crowdingDistance(front, [2])).toEqual([Infinity]);
    expect(crowdingDistance(front, [2, 1])).toEqual([Infinity, Infinity]);
  });

  it('skips an objective on which all points are equal', () => {
    const points = [
      [0, 7, 0],
      [1, 7, 1],
      [3, 7, 3],
    ];
    // Only f0 and f2 count, each giving the middle point (3−0)/3.
    expect(crowdingDistance(points, [0, 1, 2])).toEqual([Infinity, 2, Infinity]);
    expect(crowdingDistance([[1, 1], [1, 1], [1, 1]], [0, 1, 2])).toEqual([0, 0, 0]);
  });

  it('treats a gap to an infinite value as infinite and scales by the finite range', () => {
    const d = crowdingDistance([[0], [1], [2], [Infinity]], [0, 1, 2, 3]);
    expect(d).toEqual([Infinity, 1, Infinity, Infinity]);
  });

  it('rejects indices outside the points', () => {
    expect(() => crowdingDistance(front, [0, 4])).toThrow('indices must be integers in [0, 4), but got 4');
  });
});
