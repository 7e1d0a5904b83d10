import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { averageRanks, kendallTauB, spearmanRho, topKPrecision } from '../../src/predictor/index.js';

/** O(n²) τ-b straight from the definition, to cross-check the O(n log n) version. */
function bruteTauB(a: number[], b: number[]): number {
  let c = 0;
  let d = 0;
  let tiesA = 0;
  let tiesB = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      pairs++;
      const sa = Math.sign((a[i] as number) - (a[j] as number));
      const sb = Math.sign((b[i] as number) - (b[j] as number));
      if (sa === 0) tiesA++;
      if (sb === 0) tiesB++;
      if (sa * sb > 0) c++;
      if (sa * sb < 0) d++;
    }
  }
  return (c - d) / Math.sqrt((pairs - tiesA) * (pairs - tiesB));
}

describe('kendallTauB', () => {
  it('is 1 for the same order and −1 for the reverse', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('matches a hand-computed case with ties in both lists', () => {
    // Pairs: 4 concordant, 0 discordant, one tied only in a, one tied only in b: 4 / √(5·5).
    expect(kendallTauB([1, 2, 2, 3], [1, 2, 3, 3])).toBeCloseTo(0.8, 12);
  });

  it('matches the published SciPy example with ties', () => {
    // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) = −0.47140452079103173
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it('agrees with the O(n²) definition on random lists full of ties', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + rng.int(60);
      const a = Array.from({ length: n }, () => rng.int(6));
      const b = Array.from({ length: n }, () => rng.int(6));
      const expected = bruteTauB(a, b);
      if (Number.isNaN(expected)) expect(kendallTauB(a, b)).toBeNaN();
      else expect(kendallTauB(a, b)).toBeCloseTo(expected, 10);
    }
  });

  it('is NaN for a constant list', () => {
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('rejects lists of different length', () => {
    expect(() => kendallTauB([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('spearmanRho', () => {
  it('uses average ranks for ties', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    // ranks a = 1, 2.5, 2.5, 4 against 1, 2, 3, 4: ρ = 4.5 / √(4.5·5) = 3/√10.
    expect(spearmanRho([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('is ±1 for monotone relations', () => {
    expect(spearmanRho([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(spearmanRho([1, 2, 3, 4], [-1, -8, -27, -64])).toBeCloseTo(-1, 12);
  });
});

describe('topKPrecision', () => {
  it('counts the true best k among the predicted best k', () => {
    const truth = [5, 4, 3, 2, 1];
    expect(topKPrecision(truth, [5, 1, 4, 2, 3], 2)).toBe(0.5);
    expect(topKPrecision(truth, [1, 2, 3, 4, 5], 2)).toBe(0);
    expect(topKPrecision(truth, [1, 2, 3, 4, 5], 2, 'min')).toBe(0);
    expect(topKPrecision(truth, truth, 3)).toBe(1);
    expect(topKPrecision(truth, [1, 2, 3, 4, 5], 5)).toBe(1);
  });

  it('rejects k outside 1…n', () => {
    expect(() => topKPrecision([1, 2], [1, 2], 3)).toThrow(/1 ≤ k ≤ 2/);
  });
});
