import { describe, expect, it } from 'vitest';
import {
  constrainedDominates,
  constraintViolation,
  dominates,
  satisfiesConstraints,
  weaklyDominates,
} from '../../src/pareto/index.js';

describe('dominates', () => {
  it('needs no worse everywhere and better somewhere', () => {
    expect(dominates([1, 2], [2, 2])).toBe(true);
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(dominates([1, 2], [2, 1])).toBe(false);
    expect(dominates([2, 2], [1, 2])).toBe(false);
  });

  it('equal points do not dominate each other but weakly do', () => {
    expect(dominates([1, 2, 3], [1, 2, 3])).toBe(false);
    expect(weaklyDominates([1, 2, 3], [1, 2, 3])).toBe(true);
    expect(weaklyDominates([1, 2, 4], [1, 2, 3])).toBe(false);
  });

  it('treats infinities as numbers and NaN as incomparable', () => {
    expect(dominates([1, 5], [1, Infinity])).toBe(true);
    expect(dominates([-Infinity, 5], [0, 5])).toBe(true);
    expect(dominates([Infinity, 1], [Infinity, 1])).toBe(false);
    expect(dominates([NaN, 1], [2, 2])).toBe(false);
    expect(dominates([1, 1], [NaN, 2])).toBe(false);
  });
});

describe('constrainedDominates (Deb)', () => {
  it('feasible beats infeasible whatever the objectives', () => {
    expect(constrainedDominates([9, 9], [0, 0], 0, 0.1)).toBe(true);
    expect(constrainedDominates([0, 0], [9, 9], 0.1, 0)).toBe(false);
  });

  it('among infeasible the smaller violation wins; equal violations tie', () => {
    expect(constrainedDominates([9, 9], [0, 0], 0.5, 2)).toBe(true);
    expect(constrainedDominates([0, 0], [9, 9], 2, 0.5)).toBe(false);
    expect(constrainedDominates([0, 0], [9, 9], 1, 1)).toBe(false);
    expect(constrainedDominates([0, 0], [9, 9], 1, NaN)).toBe(true);
  });

  it('among feasible it is plain dominance', () => {
    expect(constrainedDominates([1, 1], [2, 2], 0, 0)).toBe(true);
    expect(constrainedDominates([1, 3], [2, 2], 0, 0)).toBe(false);
  });
});

describe('constraintViolation', () => {
  const constraints = [
    { metric: 'flopsM', max: 100 },
    { metric: 'accuracy', min: 90 },
    { metric: 'latencyMs', min: 0, max: 0 },
  ];

  it('is 0 when every bound holds', () => {
    const metrics = { flopsM: 100, accuracy: 90, latencyMs: 0 };
    expect(constraintViolation(metrics, constraints)).toBe(0);
    expect(satisfiesConstraints(metrics, constraints)).toBe(true);
  });

  it('sums excesses relative to the bound (plain excess for a zero bound)', () => {
    // 150 vs ≤100 → 0.5; 81 vs ≥90 → 0.1; 2 vs ≤0 → 2.
    expect(constraintViolation({ flopsM: 150, accuracy: 81, latencyMs: 2 }, constraints)).toBeCloseTo(2.6, 12);
    expect(satisfiesConstraints({ flopsM: 150, accuracy: 95, latencyMs: 0 }, constraints)).toBe(false);
  });

  it('counts a missing or non-finite metric as an infinite violation', () => {
    expect(constraintViolation({ accuracy: 95, latencyMs: 0 }, constraints)).toBe(Infinity);
    expect(constraintViolation({ flopsM: NaN, accuracy: 95, latencyMs: 0 }, constraints)).toBe(Infinity);
  });

  it('ignores a constraint without bounds', () => {
    expect(constraintViolation({}, [{ metric: 'flopsM' }])).toBe(0);
  });
});
