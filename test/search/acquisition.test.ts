import { describe, expect, it } from 'vitest';
import { Acquisition, explorationChildren } from '../../src/search/index.js';
import { Nb201Space } from '../../src/space/index.js';

describe('Acquisition', () => {
  it('ranks one objective by the lower confidence bound mean − β·std', () => {
    const a = new Acquisition([[1], [2]], 1, 2);
    expect(a.utility([1], [0])).toBe(-1);
    expect(a.utility([1], [0.5])).toBeCloseTo(0, 12);
    expect(a.selectBatch([[0.5], [1], [0.2]], [[0], [0.5], [0]], 2)).toEqual([1, 2]);
  });

  it('prefers points that grow the measured front, and orders dominated ones by distance', () => {
    const measured = [
      [0, 1],
      [1, 0],
      [0.6, 0.6],
    ];
    const a = new Acquisition(measured, 2, 0);
    const gain = a.utility([0.3, 0.3], [0, 0]);
    const near = a.utility([0.7, 0.7], [0, 0]);
    const far = a.utility([0.9, 0.9], [0, 0]);
    expect(gain).toBeGreaterThan(0);
    // Reference 1.1: the box [0.3, 1.1]² (0.64) minus the measured front's part of it, by
    // inclusion–exclusion 0.25 + 0.08 + 0.08 − 0.05 − 0.05 − 0.01 + 0.01 = 0.31.
    expect(gain).toBeCloseTo(0.33, 10);
    expect(near).toBeLessThan(0);
    expect(far).toBeLessThan(near);
  });

  it('credits a candidate costlier than anything measured once the nadir reaches out to it', () => {
    const measured = [
      [0, 1],
      [1, 0],
    ];
    const costly = [-0.5, 3];
    // Beyond the reference point (cost 3 > 1.1 × the measured range): no hypervolume, only distance.
    expect(new Acquisition(measured, 2, 0).utility(costly, [0, 0])).toBeLessThan(0);
    // Reaching out to it: costs normalised by [0, 3], so the front is (0, 1/3), (1, 0) and the
    // candidate (−0.5, 1); its box [−0.5, 1.1] × [1, 1.1] (0.16) less the front's part (0.11).
    const reached = new Acquisition(measured, 2, 0, [costly, [0.5, 2]]);
    expect(reached.utility(costly, [0, 0])).toBeCloseTo(0.05, 10);
  });

  it('spreads a batch along the front instead of picking near-duplicates', () => {
    const a = new Acquisition(
      [
        [0, 1],
        [1, 0],
      ],
      2,
      0,
    );
    const means = [
      [0.5, 0.5],
      [0.51, 0.5],
      [0.2, 0.8],
    ];
    const zero = means.map(() => [0, 0]);
    const batch = a.selectBatch(means, zero, 2);
    expect(batch[0]).toBe(0);
    expect(batch[1]).toBe(2);
  });
});

describe('explorationChildren', () => {
  it('adds the best-predicted child holding the least-used architecture value', () => {
    const space = new Nb201Space().restrict({ epochs: [200] });
    const conv = (op: string) => space.fromOps([op, op, op, op, op, op]);
    const measured = [conv('nor_conv_3x3'), conv('nor_conv_1x1'), conv('skip_connect'), conv('none')];
    const pool = [conv('avg_pool_3x3'), space.fromOps(['avg_pool_3x3', 'none', 'none', 'none', 'none', 'none']), conv('nor_conv_3x3')];
    const picked = explorationChildren(space, pool, measured, [], [0.1, 0.9, 5], 1);
    // avg_pool_3x3 is the unused op; of the two children holding it, index 1 is predicted better.
    expect(picked).toEqual([1]);
    expect(explorationChildren(space, pool, measured, [], [0.1, 0.9, 5], 0)).toEqual([]);
  });
});
