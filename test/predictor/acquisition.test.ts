import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  expectedHypervolumeImprovement,
  expectedImprovement,
  normalCdf,
  normalQuantile,
  probabilityOfImprovement,
  upperConfidenceBound,
} from '../../src/predictor/index.js';

describe('normal helpers', () => {
  it('match tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
  });
});

describe('single-objective acquisitions (minimising)', () => {
  const pred = { mean: [[0], [1], [-1]], std: [[1], [0], [0]] };

  it('expected improvement: σ·φ(0) at the incumbent, plain improvement when σ = 0', () => {
    const ei = expectedImprovement(pred, 0);
    expect(ei[0]).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 7);
    expect(ei[1]).toBe(0);
    expect(ei[2]).toBe(1);
  });

  it('probability of improvement', () => {
    expect(probabilityOfImprovement(pred, 0)).toEqual([expect.closeTo(0.5, 7), 0, 1]);
  });

  it('UCB is the negated lower confidence bound', () => {
    expect(upperConfidenceBound(pred, 2)).toEqual([2, -1, 1]);
  });
});

describe('expectedHypervolumeImprovement', () => {
  it('equals the exact improvement of the mean when σ = 0', () => {
    const observed = [
      [1, 3],
      [3, 1],
      [4, 4],
    ];
    const pred = { mean: [[2, 2], [5, 5]], std: [[0, 0], [0, 0]] };
    // (2,2) adds the 1×1 square [2,3]×[2,3] under reference (4,4)... plus nothing else: front boxes cover the rest.
    expect(expectedHypervolumeImprovement(pred, observed, [4, 4], 8, new Rng(1))).toEqual([1, 0]);
  });

  it('averages improvements over samples, so uncertainty adds value to a dominated mean', () => {
    const observed = [[1, 1]];
    const pred = { mean: [[1.5, 1.5]], std: [[1, 1]] };
    const [ehvi] = expectedHypervolumeImprovement(pred, observed, [3, 3], 2000, new Rng(2));
    expect(ehvi).toBeGreaterThan(0.05);
    expect(ehvi).toBeLessThan(4);
  });
});
